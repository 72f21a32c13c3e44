using System.Text;
using HarombeActors.Actors.Tests.Support;

namespace HarombeActors.Actors.Tests;

/// <summary>The scan's own search: it must find a value in base64 whatever the value's offset in the encoded data.</summary>
public class PlaintextFormsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_value_is_found_in_a_base64_text_at_any_offset(int offset)
    {
        foreach (var encoded in new[] { Encoding.UTF8.GetBytes("PLAINTEXT-3f1c9e"), Encoding.Unicode.GetBytes("PLAINTEXT-3f1c9e") })
        {
            var text = Encoding.ASCII.GetBytes(Convert.ToBase64String([.. new byte[offset + 3], .. encoded, .. "tail"u8]));
            Assert.Contains(PlaintextForms.Base64(encoded), form => PlaintextForms.Contains(text, form));
        }
    }
}
