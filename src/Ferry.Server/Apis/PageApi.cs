using System.Globalization;
using System.Net;
using System.Text;
using Ferry.Core.Data;
using Ferry.Core.Features;
using Ferry.Server.Models;

namespace Ferry.Server.Apis;

/// <summary>`GET /`: a page with a form built from the served model's schema (number inputs with the training
/// range as a hint, selects for categories and booleans), which posts to the predict endpoint and shows the
/// prediction, its probabilities and top explanations. Plain server-rendered HTML and a little JS, no CDN;
/// every value from the data is HTML-escaped and the script writes only text.</summary>
public static class PageApi
{
    private const string Style = """
        <style>
        body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 900px; color: #1b2733; }
        form { display: grid; grid-template-columns: max-content 1fr; gap: 0.5rem 1rem; align-items: center; }
        input, select { padding: 0.3rem; font-size: 1rem; } small { color: #5b6b7b; }
        button { grid-column: 2; justify-self: start; padding: 0.5rem 1.5rem; font-size: 1rem; }
        table { border-collapse: collapse; margin-top: 0.5rem; } td, th { border: 1px solid #ccd5de; padding: 0.2rem 0.6rem; }
        #result { margin-top: 1.5rem; } #error { color: #c62828; }
        </style>
        """;

    private const string Script = """
        <script>
        const form = document.getElementById('predict');
        form.addEventListener('submit', async event => {
          event.preventDefault();
          const row = {};
          for (const field of form.querySelectorAll('[data-kind]')) {
            const text = field.value.trim();
            const kind = field.dataset.kind;
            row[field.name] = text === '' ? null : kind === 'number' ? Number(text) : kind === 'boolean' ? text === 'true' : text;
          }
          const error = document.getElementById('error');
          error.textContent = '';
          const response = await fetch(form.dataset.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(row) });
          const body = await response.json();
          if (!response.ok) {
            error.textContent = body.detail || body.title || ('HTTP ' + response.status);
            return;
          }
          const prediction = body.predictions[0];
          document.getElementById('prediction').textContent = prediction.label ?? prediction.value;
          const details = document.getElementById('details');
          details.replaceChildren();
          const add = (cells) => { const tr = document.createElement('tr'); for (const c of cells) { const td = document.createElement('td'); td.textContent = c; tr.appendChild(td); } details.appendChild(tr); };
          for (const [label, p] of Object.entries(prediction.probabilities ?? {})) add(['probability of ' + label, p.toFixed(4)]);
          for (const e of prediction.explanation ?? []) add(['contribution of ' + e.feature, (e.contribution >= 0 ? '+' : '') + e.contribution.toFixed(4)]);
          for (const f of prediction.filled ?? []) add(['filled (missing)', f]);
          for (const f of prediction.unseen ?? []) add(['category not seen in training', f]);
          document.getElementById('result').hidden = false;
        });
        </script>
        """;

    public static IEndpointRouteBuilder MapPageApi(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("/").ExcludeFromDescription();
        page.MapGet("", (string? model, ModelHosts hosts) => hosts.Find(model ?? hosts.First.Model.Name) is { } host
            ? Results.Content(Page(host.Current, hosts), "text/html; charset=utf-8")
            : ProblemResults.UnknownModel(model!, hosts));
        return app;
    }

    private static string Page(LoadedModel model, ModelHosts hosts)
    {
        var manifest = model.Manifest;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(manifest.Name)}: Ferry</title>");
        html.Append(Style).Append("</head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(manifest.Name)} <small>v{manifest.Version}, {E(manifest.Candidate)}</small></h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>{E(manifest.Objective ?? $"Predicts {manifest.Target}.")}</p><p>");
        html.Append(string.Join(", ", manifest.Metrics.Take(5).Select(m => $"{E(m.Key)} {m.Value.ToString("0.###", CultureInfo.InvariantCulture)}")));
        html.Append(CultureInfo.InvariantCulture, $" on {manifest.TestRows} held-out rows. <a href=\"/dashboard?model={Uri.EscapeDataString(manifest.Name)}\">Monitoring dashboard</a></p>");
        if (hosts.All.Count > 1)
        {
            html.Append("<p>Also served: ").Append(string.Join(", ", hosts.All.Where(h => h.Model.Name != manifest.Name)
                .Select(h => $"<a href=\"/?model={Uri.EscapeDataString(h.Model.Name)}\">{E(h.Model.Name)}</a>"))).Append("</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<form id=\"predict\" data-url=\"/v1/models/{Uri.EscapeDataString(manifest.Name)}/predict\">");
        foreach (var (input, i) in manifest.Inputs.Select((input, i) => (input, i)))
        {
            var id = $"field{i}";
            html.Append(CultureInfo.InvariantCulture, $"<label for=\"{id}\">{E(input.Name)}</label><span>");
            var feature = manifest.Features.FirstOrDefault(f => f.Input == i);
            html.Append(Field(input, id, feature, manifest.Ranges.GetValueOrDefault(input.Name)));
            html.Append("</span>");
        }

        html.Append("<button type=\"submit\">Predict</button></form>");
        html.Append(CultureInfo.InvariantCulture, $"<div id=\"result\" hidden><h2>{E(manifest.Target)}: <span id=\"prediction\"></span></h2><table id=\"details\"></table></div>");
        html.Append("<p id=\"error\"></p>").Append(Script).Append("</body></html>\n");
        return html.ToString();
    }

    private static string Field(ColumnInfo input, string id, ColumnFeature? feature, double[]? range)
    {
        var name = E(input.Name);
        switch (input.Kind)
        {
            case ColumnKind.Category:
                var options = (feature?.Categories ?? []).Select(c => $"<option value=\"{E(c)}\">{E(c)}</option>");
                return $"<select id=\"{id}\" name=\"{name}\" data-kind=\"category\"><option value=\"\">(missing)</option>{string.Concat(options)}</select>";
            case ColumnKind.Boolean:
                return $"<select id=\"{id}\" name=\"{name}\" data-kind=\"boolean\"><option value=\"\">(missing)</option><option>true</option><option>false</option></select>";
            case ColumnKind.Date:
                var dates = range is null ? "" : $" <small>{ValueParser.FromDays(range[0]):yyyy-MM-dd} to {ValueParser.FromDays(range[1]):yyyy-MM-dd} in training</small>";
                return $"<input id=\"{id}\" name=\"{name}\" data-kind=\"date\" placeholder=\"2024-01-31\">{dates}";
            default:
                var hint = range is null ? "" : string.Create(CultureInfo.InvariantCulture, $" <small>{range[0]:0.###} to {range[1]:0.###} in training</small>");
                return $"<input id=\"{id}\" name=\"{name}\" data-kind=\"number\" type=\"number\" step=\"any\">{hint}";
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
