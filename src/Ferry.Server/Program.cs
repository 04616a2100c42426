using Ferry.Server;
using Ferry.Server.Models;

var app = FerryServerApp.Build(args);
app.Services.GetRequiredService<ModelHosts>();
await app.RunAsync();

/// <summary>The entry point, visible to tests.</summary>
public partial class Program
{
}
