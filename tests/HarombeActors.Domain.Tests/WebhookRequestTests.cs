using HarombeActors.Domain.Webhooks;

namespace HarombeActors.Domain.Tests;

/// <summary>Where a webhook may point, how its URL is stored and shown, and a signature check that never throws.</summary>
public class WebhookRequestTests
{
    private static WebhookRequest To(string url) => new(url, [NoticeKinds.RotationCompleted], null);

    [Theory]
    [InlineData("http://[::127.0.0.1]:8080/h")] // IPv4-compatible IPv6: Uri calls it loopback, the network routes it away
    [InlineData("http://[::7f00:1]/h")]
    [InlineData("http://127.0.0.1.nip.io/h")]
    [InlineData("http://localhost.evil.example/h")]
    [InlineData("http://0.0.0.0/h")]
    [InlineData("http://[::]/h")]
    [InlineData("http://10.0.0.1/h")]
    [InlineData("https://hooks.example.com/h\u001b[2J")]
    public void Urls_that_are_not_https_or_loopback_http_or_carry_control_characters_are_refused(string url) =>
        Assert.Equal("url", To(url).Validate()?.Field);

    [Theory]
    [InlineData("http://127.0.0.1:9/h")]
    [InlineData("http://127.1/h")]
    [InlineData("http://[::1]/h")]
    [InlineData("http://[::ffff:127.0.0.1]/h")]
    [InlineData("http://localhost/h")]
    [InlineData("HTTPS://Hooks.Example.com/h")]
    public void Https_anywhere_and_http_to_loopback_are_accepted(string url) => Assert.Null(To(url).Validate());

    [Fact]
    public void The_url_is_stored_canonical_and_listed_with_its_query_masked()
    {
        Assert.Equal("https://hooks.example.com/h", To("HTTPS://Hooks.Example.com/h").CanonicalUrl);
        Assert.Equal("https://hooks.example.com/services/x?********", WebhookRequest.Shown("https://hooks.example.com/services/x?token=capability"));
        Assert.Equal("https://hooks.example.com/services/x", WebhookRequest.Shown("https://hooks.example.com/services/x"));
    }

    [Fact]
    public void A_signature_verifies_only_with_its_secret_body_and_a_recent_time_and_a_hostile_header_is_false_not_an_exception()
    {
        var now = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        var body = "{\"kind\":\"rotation.completed\"}"u8.ToArray();
        var header = WebhookSignature.Sign("whsec_a", now.ToUnixTimeSeconds(), body);
        Assert.True(WebhookSignature.Verify("whsec_a", header, body, now.AddMinutes(4), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_b", header, body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_a", header, body, now.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec_a", header, [.. body, (byte)' '], now, TimeSpan.FromMinutes(5)));
        foreach (var hostile in new[] { $"t={long.MinValue},v1=00", $"t={long.MaxValue},v1=00", "t=1,v1=zz", "v1=00", "t=1", "", "t=1,v1=00,=", "garbage" })
            Assert.False(WebhookSignature.Verify("whsec_a", hostile, body, now, TimeSpan.FromMinutes(5)));
    }
}
