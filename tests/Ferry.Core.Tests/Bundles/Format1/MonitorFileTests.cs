using System.Text.Json;
using System.Text.Json.Nodes;
using Ferry.Core.Bundles.Format1;
using Ferry.Core.Spec;

namespace Ferry.Core.Tests.Bundles.Format1;

/// <summary>The manifest's `monitor` keeps the webhook's format and the dashboard's address, and a manifest written
/// before they were recorded reads as Ferry's own format with no dashboard address.</summary>
public sealed class MonitorFileTests
{
    [Fact]
    public void MonitorFile_WithAWebhookFormatAndDashboardUrl_WritesAndReadsThemBack()
    {
        var monitor = MonitorSpec.Default with
        {
            Webhook = new Uri("http://127.0.0.1:9/alerts"),
            WebhookFormat = WebhookFormat.Alertmanager,
            DashboardUrl = new Uri("https://ferry.example.org/dashboard"),
        };

        var json = JsonSerializer.Serialize(MonitorFile.From(monitor), BundleJson.Options);
        var read = JsonSerializer.Deserialize<MonitorFile>(json, BundleJson.Options)!.ToSpec();

        Assert.Equal(("alertmanager", "https://ferry.example.org/dashboard"), (JsonNode.Parse(json)!["webhookFormat"]!.GetValue<string>(),
            JsonNode.Parse(json)!["dashboardUrl"]!.GetValue<string>()));
        Assert.Equal((WebhookFormat.Alertmanager, monitor.DashboardUrl), (read.WebhookFormat, read.DashboardUrl));
    }

    [Fact]
    public void MonitorFile_OfFerrysOwnFormatWithoutDashboardUrl_WritesNeither()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(MonitorFile.From(MonitorSpec.Default), BundleJson.Options))!.AsObject();

        Assert.False(json.ContainsKey("webhookFormat") || json.ContainsKey("dashboardUrl"));
    }

    [Fact]
    public void MonitorFile_WrittenBeforeTheWebhookFormat_ReadsFerrysOwnFormat()
    {
        var read = JsonSerializer.Deserialize<MonitorFile>("""{"window": 200, "webhook": "http://127.0.0.1:9/alerts"}""", BundleJson.Options)!.ToSpec();

        Assert.Equal((WebhookFormat.Ferry, null, new Uri("http://127.0.0.1:9/alerts")), (read.WebhookFormat, read.DashboardUrl, read.Webhook));
    }
}
