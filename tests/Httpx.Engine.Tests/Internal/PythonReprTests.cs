namespace Httpx.Tests.Internal;

/// <summary>Strings as Python's repr() writes them (each expected text is what CPython printed for the value).</summary>
public class PythonReprTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("both ' and \"", "'both \\' and \"'")]
    [InlineData("a\\b", "'a\\\\b'")]
    [InlineData("tab\tline\nret\r", "'tab\\tline\\nret\\r'")]
    [InlineData("\u0000\u001b\u007f", "'\\x00\\x1b\\x7f'")]
    [InlineData("\u0085\u00a0é", "'\\x85\\xa0é'")]
    [InlineData("\u2028\u200b", "'\\u2028\\u200b'")]
    [InlineData("\U0001F600", "'\U0001F600'")]
    [InlineData("\U000E0001", "'\\U000e0001'")]
    [InlineData("café 日本", "'café 日本'")]
    public void Writes_strings_as_python_repr_does(string text, string expected) =>
        Assert.Equal(expected, Httpx.Internal.PythonRepr.Of(text));

    // Outside the theory: xunit does not carry a lone surrogate through its test data intact.
    [Fact]
    public void Escapes_a_lone_surrogate_as_python_does() =>
        Assert.Equal("'lone \\ud800'", Httpx.Internal.PythonRepr.Of("lone \ud800"));
}
