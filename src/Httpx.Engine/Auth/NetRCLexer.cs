using System.Text;

namespace Httpx;

/// <summary>A token of a .netrc file and the line it starts on; <see cref="Text"/> is empty for a quoted <c>""</c>.</summary>
internal readonly record struct NetRCToken(string Text, int Line);

/// <summary>
/// The tokens of a .netrc file, as Python's netrc lexer (<c>_netrclex</c>) reads them: separated by spaces, tabs and
/// line breaks only (a no-break space is part of a value); a token may be quoted ("with spaces"); a backslash takes the
/// next character as it is, in quotes or not, a line break too, so that a quoted value or an escaped line break spans
/// lines (a backslash that ends the file is dropped). Which tokens are comments is the parser's business
/// (<see cref="NetRCFile"/>): '#' starts a value after "password", a comment where a keyword goes. Unlike Python, an
/// unterminated quote is an error (Python took the rest of the file as the value).
/// </summary>
internal sealed class NetRCLexer
{
    private readonly string _text;
    private readonly string _path;
    private int _at;
    private int _line = 1;

    /// <param name="text">The file's text; its line breaks (\r\n, \r, \n) are read as \n, as Python reads a text file.</param>
    /// <param name="path">The file, for errors.</param>
    public NetRCLexer(string text, string path)
    {
        // Not ReplaceLineEndings: it also breaks lines at a form feed, NEL, U+2028 and U+2029, which Python keeps in a value.
        _text = text.Replace("\r\n", "\n").Replace('\r', '\n');
        _path = path;
    }

    /// <summary>The next token, or null at the end of the file. The space or line break after it is not read.</summary>
    public NetRCToken? Next()
    {
        while (_at < _text.Length && IsSeparator(_text[_at])) Read();
        if (_at == _text.Length) return null;
        var line = _line;
        var token = new StringBuilder();
        if (_text[_at] == '"')
        {
            Read();
            while (true)
            {
                // The value is not shown: it is most likely a password.
                if (_at == _text.Length) throw new FormatException($"Malformed .netrc file '{_path}', line {line}: unterminated quote.");
                var c = Read();
                if (c == '"') break;
                if (c == '\\')
                {
                    if (_at == _text.Length) continue; // an unterminated quote, above
                    c = Read();
                }
                token.Append(c);
            }
        }
        else
        {
            while (_at < _text.Length && !IsSeparator(_text[_at]))
            {
                var c = Read();
                if (c == '\\')
                {
                    // A backslash ending the file escapes nothing and is dropped, as in Python ("secret\" is "secret").
                    if (_at == _text.Length) break;
                    c = Read();
                }
                token.Append(c);
            }
            // Only a lone backslash at the end of the file leaves no text: Python reads it as the end of the file.
            if (token.Length == 0) return null;
        }
        return new NetRCToken(token.ToString(), line);
    }

    /// <summary>Reads up to the end of the current line and its line break: after a comment, or the line of a macdef.</summary>
    public void SkipLine()
    {
        while (_at < _text.Length && Read() != '\n') { }
    }

    /// <summary>
    /// Reads lines up to a blank one and that blank line: a macro's body. False at the end of the file without one.
    /// A line of spaces and tabs is blank, as curl 8.11 to 8.20 read it (Python, and other curl versions, want an empty
    /// line: a space nobody sees would make every line after it part of the macro).
    /// </summary>
    public bool SkipToBlankLine()
    {
        while (_at < _text.Length)
        {
            var end = _text.IndexOf('\n', _at);
            var blank = _text.AsSpan(_at, (end < 0 ? _text.Length : end) - _at).Trim(" \t").IsEmpty;
            SkipLine();
            if (blank) return true;
        }
        return false;
    }

    private static bool IsSeparator(char c) => c is ' ' or '\t' or '\n';

    private char Read()
    {
        var c = _text[_at++];
        if (c == '\n') _line++;
        return c;
    }
}
