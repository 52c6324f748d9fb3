using System.Text;

namespace Httpx.Tests.Auth;

/// <summary>
/// The .netrc format case by case, after CPython 3.11's Lib/test/test_netrc.py (what Python's netrc, which HTTPX's
/// NetRCAuth uses, gives is in each test's comment when we differ on purpose). The permission check, which depends on
/// how the file was found, is in <see cref="NetRCAuthTests"/>.
/// </summary>
public class NetRCFileTests
{
    /// <summary>The file read from <paramref name="text"/>, written as UTF-8 readable by its owner only.</summary>
    private static NetRCFile Read(string text) => Read(new UTF8Encoding(false).GetBytes(text));

    private static NetRCFile Read(byte[] bytes)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return NetRCFile.Read(path);
        }
        finally { File.Delete(path); }
    }

    /// <summary>The FormatException reading <paramref name="text"/> gives, with the temporary file's path as '&lt;file&gt;'.</summary>
    private static string Malformed(string text) => Malformed(new UTF8Encoding(false).GetBytes(text));

    private static string Malformed(byte[] bytes)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return Assert.Throws<FormatException>(() => NetRCFile.Read(path)).Message.Replace(path, "<file>");
        }
        finally { File.Delete(path); }
    }

    private static (string, string, string)? Entry(NetRCFile file, string host) =>
        file.Authenticators(host) is { } e ? (e.Login, e.Account, e.Password) : null;

    [Fact]
    public void Toplevel_tokens_in_any_order()
    {
        foreach (var text in new[]
                 {
                     "machine host.domain.com password pass1 login log1 account acct1\ndefault login log2 password pass2 account acct2\n",
                     "machine host.domain.com login log1 password pass1 account acct1\ndefault login log2 password pass2 account acct2\n",
                 })
        {
            var file = Read(text);
            Assert.Equal(("log1", "acct1", "pass1"), Entry(file, "host.domain.com"));
            Assert.Equal(("log2", "acct2", "pass2"), Entry(file, "other.example"));
        }
    }

    [Fact]
    public void Macros_run_to_a_blank_line_and_hold_no_entries()
    {
        var file = Read("macdef macro1\nline1\nmachine inside.macro login x password y\n\nmacdef macro2\nline3\n\nmachine h login u password p\n");
        Assert.Null(Entry(file, "inside.macro"));
        Assert.Equal(("u", "", "p"), Entry(file, "h"));
        // Windows line ends: "\r\n\r\n" is a blank line too (Python reads the file with universal newlines).
        Assert.Equal(("u", "", "p"), Entry(Read("macdef init\r\ncd /pub\r\n\r\nmachine h login u password p\r\n"), "h"));
        // A line of spaces looks blank and ends the macro, as curl 8.11 to 8.20 read it (Python, and curl before and
        // since, want a line with nothing on it: Python takes the entries after it as lines of the macro, up to a truly
        // empty line, and fails at the end of the file without one).
        Assert.Equal(("u", "", "p"), Entry(Read("macdef init\ncd /pub\n  \t\nmachine h login u password p\n"), "h"));
    }

    [Fact]
    public void The_rest_of_the_macdef_line_belongs_to_the_macro()
    {
        // Python reads the rest of the macdef line as the macro's first line; it was an unexpected token 'extra'.
        Assert.Equal(("u", "", "p"), Entry(Read("macdef init extra words\ncd /pub\n\nmachine h login u password p\n"), "h"));
    }

    [Fact]
    public void A_space_after_the_macro_name_does_not_end_the_macro()
    {
        // The macro runs from the next line to a blank one, as the format says (GNU inetutils' .netrc; curl 8.21 on).
        // Python reads the rest of the macdef line as the macro's first line, and when a space or a tab follows the
        // name, or the name is quoted, that rest is empty, the blank line that ends the macro: the macro's lines are
        // read as entries ("bad toplevel token 'cd'" for the first two texts; in.macro is an entry in the third, in
        // curl 7.88 too). A trailing space nobody sees would change what the file means.
        Assert.Equal(("u", "", "p"), Entry(Read("macdef init \ncd /pub\n\nmachine h login u password p\n"), "h"));
        Assert.Equal(("u", "", "p"), Entry(Read("macdef \"init\"\ncd /pub\n\nmachine h login u password p\n"), "h"));
        var file = Read("macdef init\t\nmachine in.macro login a password b\n\nmachine h login u password p\n");
        Assert.Null(Entry(file, "in.macro"));
        Assert.Equal(("u", "", "p"), Entry(file, "h"));
    }

    [Fact]
    public void A_macro_without_a_blank_line_to_end_it_is_an_error_naming_its_line()
    {
        // Every line after it was silently part of the macro, machine entries too (Python: "Macro definition missing
        // null line terminator.", with the line after the macdef).
        Assert.Equal("Malformed .netrc file '<file>', line 2: the macro 'init' has no blank line to end it, so every line after it is part of the macro.",
            Malformed("machine a login b password c\nmacdef init\ncd /pub\nmachine h login u password p\n"));
        Assert.Contains("line 1: the macro 'm1'", Malformed("macdef m1\nline1\nline2\n"));
    }

    [Fact]
    public void A_keyword_at_the_end_of_the_file_has_an_empty_value_as_in_Python()
    {
        // "login" with nothing after it was a FormatException ('login' is not followed by a value); Python gives ''.
        foreach (var text in new[]
                 {
                     "machine host.domain.com", "machine host.domain.com login", "machine host.domain.com account",
                     "machine host.domain.com password", "machine host.domain.com login \"\" account",
                     "machine host.domain.com login \"\" password", "machine host.domain.com account \"\" password",
                 })
            Assert.Equal(("", "", ""), Entry(Read(text), "host.domain.com"));
        foreach (var text in new[]
                 {
                     "default", "default login", "default account", "default password", "default login \"\" account",
                     "default login \"\" password", "default account \"\" password",
                 })
            Assert.Equal(("", "", ""), Entry(Read(text), "any.host"));
    }

    [Fact]
    public void A_machine_needs_a_host_name()
    {
        Assert.Equal("Malformed .netrc file '<file>', line 1: 'machine' is not followed by a host name.", Malformed("machine"));
        // An empty quoted name made an entry for the host "" (Python: "missing 'machine' name").
        Assert.Equal("Malformed .netrc file '<file>', line 1: 'machine' is not followed by a host name.", Malformed("machine \"\" login u password p"));
    }

    [Theory]
    [InlineData("invalid host.domain.com", "'invalid'")]
    [InlineData("machine host.domain.com invalid", "'invalid'")]
    [InlineData("machine host.domain.com login log password pass account acct invalid", "after the account")]
    [InlineData("default host.domain.com invalid", "'host.domain.com'")]
    [InlineData("default host.domain.com login log password pass account acct invalid", "'host.domain.com'")]
    [InlineData("login u password p", "'login'")] // a keyword of an entry before any machine
    [InlineData("MACHINE h login u password p", "'MACHINE'")] // keywords are lower case, as in Python (curl ignores case)
    public void Invalid_tokens_are_errors_naming_the_line(string text, string named)
    {
        var message = Malformed(text);
        Assert.StartsWith("Malformed .netrc file '<file>', line 1: unexpected token ", message);
        Assert.Contains(named, message);
    }

    [Fact]
    public void The_line_of_an_error_is_the_line_of_the_token()
    {
        // Python names the line after it when the token ends its line ("bad follower token 'bogus'" line 2 here).
        Assert.StartsWith("Malformed .netrc file '<file>', line 1: unexpected token 'bogus'", Malformed("machine h bogus u\nmachine g\n"));
        Assert.StartsWith("Malformed .netrc file '<file>', line 3: unexpected token 'bogus'", Malformed("machine h\n\n  bogus u\n"));
        Assert.StartsWith("Malformed .netrc file '<file>', line 3: unexpected token after the login 'u'", Malformed("machine h\n\n  login u bogus\n"));
    }

    [Fact]
    public void A_word_after_a_password_or_an_account_is_never_printed()
    {
        // Most likely the rest of an unquoted value with a space; Python prints it ("bad follower token 'words'").
        Assert.Equal("Malformed .netrc file '<file>', line 1: unexpected token after the password (quote a password that contains spaces).",
            Malformed("machine h login u password two words\n"));
        Assert.Equal("Malformed .netrc file '<file>', line 2: unexpected token after the account (quote an account that contains spaces).",
            Malformed("machine h login u\naccount two words\n"));
    }

    [Fact]
    public void A_word_after_a_login_is_never_printed_the_login_is()
    {
        // A file written from a template with an empty login ("login  password s3cret") has the login "password": the
        // password came next and was printed ("unexpected token 's3cret'"; Python: "bad follower token 's3cret'"). So
        // was a password whose keyword was left out. The login is no secret, and shows what went wrong.
        Assert.Equal("Malformed .netrc file '<file>', line 1: unexpected token after the login 'password' (a misspelled keyword, or a login that contains spaces and needs quotes).",
            Malformed("machine api.example login  password s3cret\n"));
        Assert.DoesNotContain("s3cret", Malformed("machine api.example user ada s3cret\n"));
    }

    [Fact]
    public void A_token_in_an_error_is_shown_escaped_as_Python_shows_it()
    {
        // A quoted or escaped token may hold line breaks and invisible characters: Python shows its repr ('a\nb').
        Assert.Equal("Malformed .netrc file '<file>', line 1: unexpected token 'a\\nb'.", Malformed("\"a\nb\" machine h\n"));
        Assert.Equal("Malformed .netrc file '<file>', line 1: unexpected token '\\ufeffmachine'.", Malformed("\"\ufeffmachine\" h\n"));
        Assert.Equal("Malformed .netrc file '<file>', line 1: unexpected token 'x\\xa0y'.", Malformed("machine h x\u00a0y\n"));
    }

    [Fact]
    public void An_entry_never_shows_its_password_or_account()
    {
        // A record's own ToString printed every value (in a debugger, a log line, an assertion message).
        var entry = Read("machine h login ada account acct-secret password hunter2\n").Authenticators("h")!;
        Assert.Equal("NetRCEntry(login='ada', account=[secure], password=[secure])", entry.ToString());
        Assert.Equal("NetRCEntry(login='', account='', password='')", Read("default\n").Authenticators("h")!.ToString());
    }

    [Fact]
    public void Quoted_values()
    {
        var file = Read("machine host.domain.com login \"log\" password \"pas s\" account \"acc t\"\n");
        Assert.Equal(("log", "acc t", "pas s"), Entry(file, "host.domain.com"));
    }

    [Fact]
    public void A_backslash_takes_the_next_character_as_it_is()
    {
        Assert.Equal(("\"log", "\"acct", "\"pass"), Entry(Read("machine h login \\\"log password \\\"pass account \\\"acct\n"), "h"));
        Assert.Equal(("\"log", "\"acct", "\"pass"), Entry(Read("machine h login \"\\\"log\" password \"\\\"pass\" account \"\\\"acct\"\n"), "h"));
        // Python's rule, not curl's: "\n" is 'n' (curl: a line break, and only in quotes); CORP\alice is CORPalice
        // (curl keeps the backslash of an unquoted value); "CORP\\alice" is CORP\alice for both.
        Assert.Equal(("CORPalice", "", "p\\sn"), Entry(Read("machine h login CORP\\alice password \"p\\\\s\\n\"\n"), "h"));
        Assert.Equal(("CORP\\alice", "", "p"), Entry(Read("machine h login \"CORP\\\\alice\" password p\n"), "h"));
    }

    [Fact]
    public void A_backslash_at_the_end_of_the_file_escapes_nothing_and_is_dropped_as_in_Python()
    {
        // Python's lexer reads the character after it, and there is none: "secret\" is "secret", and a lone backslash
        // is no token. It was kept: the server got "secret\" (curl's reading: it keeps every unquoted backslash), and a
        // lone one after a quoted value or on its own line was "unexpected token '\'", where Python reads the file.
        Assert.Equal(("u", "", "secret"), Entry(Read("machine h login u password secret\\"), "h"));
        Assert.Equal(("u", "", "p"), Entry(Read("machine h login u password p\n\\"), "h"));
        Assert.Equal(("u", "", ""), Entry(Read("machine \"q h\" login u\\"), "q h"));
        Assert.Equal(("u", "", "p"), Entry(Read("machine \"q h\" login u password \"p\"\\"), "q h"));
        // With a line break after it, the backslash takes the line break, as in Python: "secret\n".
        Assert.Equal(("u", "", "secret\n"), Entry(Read("machine h login u password secret\\\n"), "h"));
    }

    [Fact]
    public void A_quoted_value_or_an_escaped_line_break_spans_lines_as_in_Python()
    {
        // Both were errors (unterminated quote; a stray word after the password).
        var file = Read("machine h login u password \"pa\nss\"\nmachine g login v password w\\\nx\n");
        Assert.Equal(("u", "", "pa\nss"), Entry(file, "h"));
        Assert.Equal(("v", "", "w\nx"), Entry(file, "g"));
        Assert.Equal(("u", "", "pa\nss"), Entry(Read("machine h login u password \"pa\r\nss\"\r\n"), "h"));
    }

    [Fact]
    public void An_unterminated_quote_names_the_line_it_opens_on_and_not_the_value()
    {
        // Python takes the rest of the file as the value.
        Assert.Equal("Malformed .netrc file '<file>', line 2: unterminated quote.", Malformed("machine h login u\npassword \"secret\nmachine g login v password w\n"));
        // A backslash that ends the file, in a quote, escapes nothing: the quote is still open.
        Assert.Equal("Malformed .netrc file '<file>', line 1: unterminated quote.", Malformed("machine h login u password \"secret\\"));
    }

    [Fact]
    public void Only_spaces_tabs_and_line_breaks_separate_tokens()
    {
        // A no-break space or a vertical tab is part of the value in Python; they split it (a stray word after the password).
        Assert.Equal(("u", "", "pa\u00a0ss"), Entry(Read("machine h login u password pa\u00a0ss\n"), "h"));
        Assert.Equal(("u", "", "pa\vss"), Entry(Read("machine h login u password pa\vss\n"), "h"));
        Assert.Equal(("a", "", "b"), Entry(Read("machine\tfoo\tlogin\ta\tpassword\tb"), "foo"));
    }

    [Fact]
    public void Values_that_are_not_ASCII()
    {
        Assert.Equal(("\u00a1\u00a2", "\u00a1\u00a2", "\u00a1\u00a2"), Entry(Read("machine h login \u00a1\u00a2 password \u00a1\u00a2 account \u00a1\u00a2\n"), "h"));
    }

    [Fact]
    public void A_value_may_hold_or_start_with_a_hash()
    {
        Assert.Equal(("#log", "#acct", "#pass"), Entry(Read("machine h login #log password #pass account #acct\n"), "h"));
        Assert.Equal(("log#", "acct#", "pass#"), Entry(Read("machine h login log# password pass# account acct#\n"), "h"));
        Assert.Equal(("lo#g", "ac#ct", "pa#ss"), Entry(Read("machine h login lo#g password pa#ss account ac#ct\n"), "h"));
        // "user" is "login" (its value "#u" was taken for a comment: "'user' is not followed by a value").
        Assert.Equal(("#u", "", "p"), Entry(Read("machine h user #u password p\n"), "h"));
    }

    [Theory]
    [InlineData("# comment\nmachine foo.domain.com login bar password pass\nmachine bar.domain.com login foo password pass\n")]
    [InlineData("#comment\nmachine foo.domain.com login bar password pass\nmachine bar.domain.com login foo password pass\n")]
    [InlineData("#\nmachine foo.domain.com login bar password pass\nmachine bar.domain.com login foo password pass\n")]
    [InlineData("machine foo.domain.com login bar password pass\n# comment\nmachine bar.domain.com login foo password pass\n")]
    [InlineData("machine foo.domain.com login bar password pass\nmachine bar.domain.com login foo password pass\n# comment\n")]
    [InlineData("machine foo.domain.com login bar password pass\n#comment\nmachine bar.domain.com login foo password pass\n")]
    [InlineData("machine foo.domain.com login bar password pass\nmachine bar.domain.com login foo password pass\n#comment\n")]
    [InlineData("machine foo.domain.com login bar password pass\n#\nmachine bar.domain.com login foo password pass\n")]
    [InlineData("machine foo.domain.com login bar password pass\nmachine bar.domain.com login foo password pass\n#\n")]
    [InlineData("machine foo.domain.com login bar password pass # comment\nmachine bar.domain.com login foo password pass\n")]
    [InlineData("machine foo.domain.com login bar password pass #comment\nmachine bar.domain.com login foo password pass\n")]
    [InlineData("machine foo.domain.com\n  # login in a comment\n  login bar\n  password pass\nmachine bar.domain.com login foo password pass\n")]
    // Python fails these four ("bad toplevel token 'more'", "bad toplevel token 'comment'", "bad follower token
    // 'comment'" twice): a comment of several words that starts with '#x', or whose line follows a blank line or a line
    // that ends in a space (Python skips a comment's line only when no line break came between the token before it and
    // its '#', after that token's first trailing space). curl reads them.
    [InlineData("#comment more words\nmachine foo.domain.com login bar password pass\nmachine bar.domain.com login foo password pass\n")]
    [InlineData("\n# comment words\nmachine foo.domain.com login bar password pass\nmachine bar.domain.com login foo password pass\n")]
    [InlineData("machine foo.domain.com login bar password pass\n\n# comment words\nmachine bar.domain.com login foo password pass\n")]
    [InlineData("machine foo.domain.com login bar password pass \n# comment words\nmachine bar.domain.com login foo password pass\n")]
    public void Comments_where_a_keyword_may_start(string text)
    {
        var file = Read(text);
        Assert.Equal(("bar", "", "pass"), Entry(file, "foo.domain.com"));
        Assert.Equal(("foo", "", "pass"), Entry(file, "bar.domain.com"));
    }

    [Fact]
    public void A_hash_after_a_value_is_a_comment_even_when_the_value_is_a_keyword()
    {
        Assert.Equal(("bar", "", "#pass"), Entry(Read("machine foo login bar password #pass #comment\n"), "foo"));
        // "password" is the login here; "#x" after it was taken for a value ("unexpected token '#x'").
        Assert.Equal(("password", "", ""), Entry(Read("machine foo login password #x\nmachine b login c password d\n"), "foo"));
    }

    [Fact]
    public void Entries_may_be_split_over_lines()
    {
        Assert.Equal(("bar", "", "pass"), Entry(Read("machine\nfoo\nlogin\nbar\npassword\npass\n"), "foo"));
        Assert.Equal(("a", "", "b"), Entry(Read("machine foo\r\n login a\r\n password b\r\n"), "foo"));
        Assert.Equal(("a", "", "b"), Entry(Read("machine foo\r login a\r password b\r"), "foo"));
    }

    [Fact]
    public void An_empty_quoted_token_where_a_keyword_goes_is_an_error()
    {
        // Python takes it for the end of the file and drops every entry after it.
        Assert.Contains("line 1: unexpected token ''", Malformed("machine foo \"\" login bar password pass\nmachine b login c password d\n"));
        Assert.Contains("line 1: unexpected token ''", Malformed("\"\" machine foo login bar password pass\n"));
    }

    [Fact]
    public void The_last_entry_for_a_host_wins_and_the_default_entry_may_be_anywhere()
    {
        // As Python (a dict); curl takes the first entry that matches, and a default before a machine shadows it.
        Assert.Equal(("b", "", "2"), Entry(Read("machine foo login a password 1\nmachine foo login b password 2\n"), "foo"));
        Assert.Equal(("b", "", "2"), Entry(Read("default login a password 1\ndefault login b password 2\n"), "foo"));
        var file = Read("default login d password dp\nmachine foo login a password 1\n");
        Assert.Equal(("a", "", "1"), Entry(file, "foo"));
        Assert.Equal(("d", "", "dp"), Entry(file, "bar"));
    }

    [Fact]
    public void A_machine_named_default_is_that_host_not_the_default_entry()
    {
        // Python keeps both in one dict under "default": this machine became every host's entry.
        var file = Read("machine default login a password 1\n");
        Assert.Equal(("a", "", "1"), Entry(file, "default"));
        Assert.Null(Entry(file, "other"));
    }

    [Fact]
    public void Host_names_match_as_written()
    {
        // As Python; curl ignores case. A port is no part of a machine name.
        var file = Read("machine Example.COM login a password b\nmachine foo:8080 login a password b\n");
        Assert.Null(Entry(file, "example.com"));
        Assert.Null(Entry(file, "foo"));
    }

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_keyword()
    {
        // Windows PowerShell 5.1 writes one (Set-Content -Encoding UTF8; '>' writes UTF-16). Python: "bad toplevel token '\ufeffmachine'".
        Assert.Equal(("a", "", "b"), Entry(Read(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.ASCII.GetBytes("machine foo login a password b\n")).ToArray()), "foo"));
        Assert.Equal(("a", "", "b"), Entry(Read(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("machine foo login a password b\n")).ToArray()), "foo"));
    }

    [Fact]
    public void A_file_that_is_not_UTF8_is_an_error_naming_the_line()
    {
        // A Latin-1 "päss" became "p\uFFFDss", and the server got a password nobody wrote (Python on Linux: UnicodeDecodeError).
        var bytes = Encoding.ASCII.GetBytes("machine a login b password c\nmachine h login u password p").Concat(new byte[] { 0xE4 }).Concat(Encoding.ASCII.GetBytes("ss\n")).ToArray();
        Assert.Equal("Malformed .netrc file '<file>', line 2: it holds bytes that are not UTF-8 text (save the file as UTF-8).", Malformed(bytes));
    }

    [Fact]
    public void Passwd_is_another_name_for_password()
    {
        // ftp's spelling, which Python refuses ("bad follower token 'passwd'"): read as the password it is.
        Assert.Equal(("u", "", "p"), Entry(Read("machine foo login u passwd p\n"), "foo"));
        Assert.Equal(("u", "", "p"), Entry(Read("default passwd p login u\n"), "foo"));
    }
}
