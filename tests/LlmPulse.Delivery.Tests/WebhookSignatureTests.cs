using System.Text;

namespace LlmPulse.Delivery.Tests;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_signature_is_the_hmac_sha256_in_lowercase_hex_after_sha256_equals()
    {
        // RFC 4231, test case 2.
        var body = Encoding.ASCII.GetBytes("what do ya want for nothing?");

        var signature = WebhookSignature.Sign(body, "Jefe");

        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", signature);
        Assert.True(WebhookSignature.Verify(body, "Jefe", signature));
        Assert.True(WebhookSignature.Verify(body, "Jefe", signature.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec384")]
    [InlineData("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3844")]
    [InlineData("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    public void Anything_else_fails_verification(string header)
    {
        Assert.False(WebhookSignature.Verify(Encoding.ASCII.GetBytes("what do ya want for nothing?"), "Jefe", header));
    }

    [Fact]
    public void An_empty_secret_never_verifies_and_cannot_sign()
    {
        Assert.False(WebhookSignature.Verify([1, 2, 3], "", "sha256=00"));
        Assert.Throws<ArgumentException>(() => WebhookSignature.Sign([1, 2, 3], ""));
    }
}
