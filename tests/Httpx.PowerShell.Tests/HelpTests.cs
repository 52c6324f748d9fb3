using System.Collections;

namespace Httpx.PowerShell.Tests;

/// <summary>Get-Help for every exported cmdlet comes from docs/help (through the MAML the build writes) and is complete.</summary>
public class HelpTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public HelpTests(PowerShellFixture ps) => _ps = ps;

    private const string HelpOfEveryCmdlet = """
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        Get-Command -Module Httpx | ForEach-Object {
            $help = Get-Help $_.Name -Full
            $documented = @{}
            foreach ($p in @($help.parameters.parameter)) {
                if ($p) { $documented[[string]$p.name] = (@($p.description) | ForEach-Object { $_.Text }) -join ' ' }
            }
            @{
                Name = $_.Name
                Synopsis = [string]$help.Synopsis
                Description = (@($help.description) | ForEach-Object { $_.Text }) -join ' '
                Examples = @($help.examples.example).Count
                ExampleCode = (@($help.examples.example) | ForEach-Object { $_.code }) -join "`n"
                Syntax = @($help.syntax.syntaxItem).Count
                Outputs = (@($help.returnValues.returnValue) | ForEach-Object { $_.type.name }) -join ','
                Parameters = @($_.Parameters.Keys | Where-Object { $common -notcontains $_ })
                Documented = $documented
            }
        }
        """;

    [Fact]
    public void Every_exported_cmdlet_has_full_help()
    {
        var result = _ps.Run(HelpOfEveryCmdlet);
        Assert.Empty(result.Errors);
        Assert.NotEmpty(result.Output);
        foreach (var item in result.Output)
        {
            var help = (Hashtable)item.BaseObject;
            var name = (string)help["Name"]!;
            var synopsis = (string)help["Synopsis"]!;
            // Without MAML, Get-Help makes up a synopsis from the syntax ("New-HttpxAuth [-Basic] ...").
            Assert.False(string.IsNullOrWhiteSpace(synopsis), $"{name}: no synopsis");
            Assert.False(synopsis.StartsWith(name, StringComparison.Ordinal), $"{name}: generated synopsis '{synopsis}'");
            Assert.False(string.IsNullOrWhiteSpace((string)help["Description"]!), $"{name}: no description");
            Assert.True((int)help["Examples"]! >= 2, $"{name}: fewer than two examples");
            Assert.Contains(name, (string)help["ExampleCode"]!);
            Assert.True((int)help["Syntax"]! >= 1, $"{name}: no syntax");
            Assert.False(string.IsNullOrWhiteSpace((string)help["Outputs"]!), $"{name}: no outputs");
            var documented = (Hashtable)help["Documented"]!;
            foreach (var parameter in ((object[])help["Parameters"]!).Select(p => p is System.Management.Automation.PSObject ps ? ps.BaseObject : p).Cast<string>())
            {
                Assert.True(documented.ContainsKey(parameter), $"{name}: -{parameter} is not in Get-Help");
                Assert.False(string.IsNullOrWhiteSpace((string)documented[parameter]!), $"{name}: -{parameter} has no description");
            }
        }
    }

    [Fact]
    public void Every_exported_cmdlet_has_exactly_one_help_file()
    {
        var exported = _ps.Run("Get-Command -Module Httpx | ForEach-Object { $_.Name }").Output.Select(o => (string)o.BaseObject).ToList();
        var helpFiles = Directory.GetFiles(Path.Combine(RepoRoot, "docs", "help"), "*.md").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Equal(helpFiles.Order(), exported.Order());
    }

    [Fact]
    public void Parameter_help_shows_type_and_position_from_the_cmdlet()
    {
        var result = _ps.Run("""
            $p = Get-Help New-HttpxResponse -Parameter StatusCode
            "$($p.required)|$($p.position)|$($p.type.name)"
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("true|0|Int32", Assert.Single(result.Output).BaseObject);
    }

    [Theory]
    [InlineData("New-HttpxClient")]
    [InlineData("New-HttpxTransport")]
    public void Pool_limit_defaults_in_Get_Help_are_the_engines(string cmdlet)
    {
        // Get-Help -Parameter shows the help file's "Default value": New-HttpxClient's said None for limits that are
        // 100, 20 and 5 s (HTTPX's DEFAULT_LIMITS), where New-HttpxTransport's gave the numbers.
        var result = _ps.Run($$"""
            $limits = [Httpx.Limits]::Default
            foreach ($p in 'MaxConnections', 'MaxKeepAliveConnections', 'KeepAliveExpiry') {
                '{0}={1}|{2}' -f $p, (Get-Help {{cmdlet}} -Parameter $p).defaultValue, $limits.$p
            }
            """);
        Assert.Empty(result.Errors);
        Assert.All(result.Output.Select(o => (string)o.BaseObject), line =>
        {
            var (shown, engine) = (line.Split('|')[0], line.Split('|')[1]);
            Assert.Equal(shown.Split('=')[0] + "=" + engine, shown);
        });
    }

    [Fact]
    public void The_SYNTAX_of_each_help_file_is_the_cmdlets()
    {
        // Get-Help takes the syntax from the cmdlet, but the help files are read as they are too (on the web, in an
        // editor): Invoke-Httpx's showed a Request set without -Method, -Params, -Headers... which PowerShell binds
        // there (Invoke-Httpx refuses them with a built request, saying why).
        var result = _ps.Run("""
            # Get-Command -Syntax writes PowerShell's short names (<int>, <string>), help files .NET's (<Int32>, <String>).
            $accelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')::Get
            $dotNetNames = { param($line) [regex]::Replace($line, '<(\w+)(\[\])?>', { param($m) $t = $accelerators[$m.Groups[1].Value]; '<' + $(if ($t) { $t.Name } else { $m.Groups[1].Value }) + $m.Groups[2].Value + '>' }) }
            Get-Command -Module Httpx | ForEach-Object {
                $text = [IO.File]::ReadAllText([IO.Path]::Combine($docs, "$($_.Name).md"))
                $section = [regex]::Match($text, '(?s)## SYNTAX(.*?)## DESCRIPTION').Groups[1].Value
                $documented = @([regex]::Matches($section, '(?s)```\r?\n(.*?)```') | ForEach-Object { ($_.Groups[1].Value -replace '\s+', ' ').Trim() })
                $real = @((Get-Command $_.Name -Syntax) -split '\r?\n' | Where-Object { $_.Trim() } |
                    ForEach-Object { & $dotNetNames (($_ -replace '\s+', ' ').Trim().Replace(' [-ProgressAction <ActionPreference>]', '')) })
                foreach ($line in $real) { if ($documented -notcontains $line) { "$($_.Name) lacks: $line" } }
                foreach ($line in $documented) { if ($real -notcontains $line) { "$($_.Name) has: $line" } }
            }
            "checked $(@(Get-Command -Module Httpx).Count)"
            """, new Dictionary<string, object?> { ["docs"] = Path.Combine(RepoRoot, "docs", "help") });
        Assert.Empty(result.Errors);
        var lines = result.Output.Select(o => (string)o.BaseObject).ToList();
        // Every cmdlet was compared: none found would leave no drift to report.
        Assert.Equal($"checked {Directory.GetFiles(Path.Combine(RepoRoot, "docs", "help"), "*.md").Length}", lines[^1]);
        var drift = string.Join("\n", lines.SkipLast(1));
        Assert.True(drift.Length == 0, drift);
    }

    [Fact]
    public void The_request_parameters_Invoke_Httpx_and_New_HttpxRequest_share_have_one_help_text()
    {
        // Both cmdlets build the request from these alike: a change to one help file (168acf3 and 59701bf gave
        // Invoke-Httpx's -Params the [switch] and SecureString rules) must reach the other.
        var result = _ps.Run("""
            foreach ($p in 'Method', 'Params', 'Headers', 'Header', 'Content', 'InFile', 'Data', 'Files', 'Json', 'BaseUrl') {
                $invoke = ((Get-Help Invoke-Httpx -Parameter $p).description | ForEach-Object Text) -join "`n"
                $build = ((Get-Help New-HttpxRequest -Parameter $p).description | ForEach-Object Text) -join "`n"
                if (-not $invoke) { "-$p has no help" } elseif ($invoke -ne $build) { "-$p differs: $build" }
            }
            """);
        Assert.Empty(result.Errors);
        var drift = string.Join("\n", result.Output.Select(o => (string)o.BaseObject));
        Assert.True(drift.Length == 0, drift);
    }

    [Fact]
    public void A_list_in_a_help_file_shows_one_item_per_paragraph_in_Get_Help()
    {
        // The MAML writer joined every line of a markdown paragraph: Set-HttpxProxy's list of -Proxy, -Routes, -Clear
        // and -Remove read as one run-on paragraph ("... mounted on `all://`). - `-Routes @{ ...").
        var result = _ps.Run("""
            Get-Command -Module Httpx | ForEach-Object {
                $help = Get-Help $_.Name -Full
                $paras = @(@($help.description) + @($help.alertSet.alert) + @($help.parameters.parameter | ForEach-Object { $_.description }) +
                    @($help.examples.example | ForEach-Object { $_.remarks }) + @($help.inputTypes.inputType | ForEach-Object { $_.description }) +
                    @($help.returnValues.returnValue | ForEach-Object { $_.description }) | Where-Object { $_ } | ForEach-Object { $_.Text.Trim() })
                foreach ($line in [IO.File]::ReadAllLines([IO.Path]::Combine($docs, "$($_.Name).md"))) {
                    if ($line -match '^\s{0,3}([-*+]|\d+[.)])\s') {
                        $item = $line.Trim()
                        if (-not ($paras | Where-Object { $_.StartsWith($item) })) { "$($_.Name): no paragraph starts with '$item'" } else { "ok" }
                    }
                }
            }
            """, new Dictionary<string, object?> { ["docs"] = Path.Combine(RepoRoot, "docs", "help") });
        Assert.Empty(result.Errors);
        var lines = result.Output.Select(o => (string)o.BaseObject).ToList();
        Assert.Contains("ok", lines);   // Set-HttpxProxy's list at least was checked
        var merged = string.Join("\n", lines.Where(l => l != "ok"));
        Assert.True(merged.Length == 0, merged);
    }

    [Fact]
    public void Related_links_to_other_help_files_have_no_address_that_Get_Help_Online_would_take()
    {
        // The MAML kept a link's markdown target: RELATED LINKS read "New-HttpxClient New-HttpxClient.md", and
        // Get-Help Invoke-Httpx -Online, which opens the first link that has an address, failed with
        // "The specified URI New-HttpxClient.md is not valid." A web page's link keeps its address.
        var result = _ps.Run("""
            Get-Command -Module Httpx | ForEach-Object {
                foreach ($link in @((Get-Help $_.Name -Full).relatedLinks.navigationLink)) {
                    '{0}|{1}|{2}' -f $_.Name, $link.linkText, $link.uri
                }
            }
            """);
        Assert.Empty(result.Errors);
        var links = result.Output.Select(o => ((string)o.BaseObject).Split('|')).ToList();
        Assert.Contains(links, l => l[0] == "Invoke-Httpx" && l[1] == "New-HttpxClient" && l[2] == "");
        Assert.Contains(links, l => l[0] == "Invoke-Httpx" && l[2] == "https://www.python-httpx.org/quickstart/");
        Assert.All(links, l => Assert.True(l[2] == "" || Uri.IsWellFormedUriString(l[2], UriKind.Absolute), string.Join(" ", l)));
    }

    [Fact]
    public void An_example_s_output_block_is_part_of_its_code_in_Get_Help()
    {
        // Get-HttpxProxy's first example shows the table it prints in a second fence. The MAML writer left that fence in
        // the remarks, where Get-Help joined its lines into one paragraph: "``` Pattern Proxy Source ------- ----- ...".
        // platyPS puts every fenced block of an example in its code, a blank line between them; so does ours.
        var result = _ps.Run("""
            Get-Command -Module Httpx | ForEach-Object {
                $name = $_.Name
                foreach ($example in @((Get-Help $name -Full).examples.example)) {
                    if (@($example.remarks | Where-Object { $_.Text -match '```' }).Count) { "$name, $($example.title.Trim('- ')): a fence in the remarks" }
                }
            }
            @((Get-Help Get-HttpxProxy -Full).examples.example)[0].code
            """);
        Assert.Empty(result.Errors);
        var lines = result.Output.Select(o => (string)o.BaseObject).ToList();
        Assert.True(lines.Count == 1, string.Join("\n", lines.SkipLast(1)));
        var code = lines[0].Replace("\r", "");
        Assert.StartsWith("Set-HttpxProxy -Routes", code);
        Assert.Contains("Get-HttpxProxy\n\nPattern                  Source           Proxy\n-------                  ------           -----\n", code);
        Assert.EndsWith("https://                 Set-HttpxProxy   http://proxy:3128", code);
    }

    [Theory]
    // A sentence between the code and its output: the output went into the code, away from the sentence that shows it.
    [InlineData("Get-HttpxProxy\n```\n\n```\nPattern", "Get-HttpxProxy\n```\n\nIt prints:\n\n```\nPattern")]
    // A block before the code: it went after it.
    [InlineData("### Example 1: List the routes of calls without -Client\n", "### Example 1: List the routes of calls without -Client\n```text\nbefore\n```\n")]
    public void The_help_builder_refuses_an_example_block_that_does_not_follow_its_code(string find, string replace)
    {
        // Only the blocks right after an example's code (what it prints) join the code, as platyPS v1 reads an example
        // (its other code blocks are a schema error there). The builder moved any other block of the example into the
        // code without a word; left in the remarks, Get-Help would show it as one run-on paragraph, ``` marks and all.
        var docs = Directory.CreateTempSubdirectory("httpx-help-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot, "docs", "help"), "*.md"))
                File.Copy(file, Path.Combine(docs, Path.GetFileName(file)));
            var proxyHelp = Path.Combine(docs, "Get-HttpxProxy.md");
            var text = File.ReadAllText(proxyHelp).Replace("\r", "");
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, System.Text.RegularExpressions.Regex.Escape(find)));
            File.WriteAllText(proxyHelp, text.Replace(find, replace));

            var (exitCode, errors) = RunHelpBuilder(docs);
            Assert.Equal(1, exitCode);
            Assert.Contains("error HELP001: Get-HttpxProxy.md: '### Example 1: List the routes of calls without -Client' has a fenced block that does not follow its ```powershell block", errors);
            // One problem, this one: the other examples and files are as they were.
            Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            // The example as the help has it, its output right after its code, builds.
            File.WriteAllText(proxyHelp, text);
            Assert.Equal((0, ""), RunHelpBuilder(docs));
        }
        finally { Directory.Delete(docs, recursive: true); }
    }

    /// <summary>tools/HelpBuilder, built in the tests' configuration, run on <paramref name="docs"/> and the built module: its exit code and its errors.</summary>
    private static (int ExitCode, string Errors) RunHelpBuilder(string docs)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory);   // tests/.../bin/<configuration>/<framework>/
        var builder = Path.Combine(RepoRoot, "tools", "HelpBuilder", "bin", framework.Parent!.Name, framework.Name, "HelpBuilder.dll");
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { builder, docs, Path.Combine(docs, "out", "Httpx.PowerShell.dll-Help.xml"), Path.Combine(RepoRoot, "out", "Httpx", "Httpx.PowerShell.dll") })
            info.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        output.Wait();
        process.WaitForExit();
        return (process.ExitCode, errors.Replace("\r", ""));
    }

    [Fact]
    public void New_HttpxRequest_first_example_shows_the_URL_its_remarks_say()
    {
        // The example gave -Params as a plain @{ q = ...; page = 2 }, whose order is the hashtable's (string hashes
        // differ from one process to the next): in some sessions it showed ?page=2&q=a+b, not the URL the help quotes.
        var result = _ps.Run("""
            $example = @((Get-Help New-HttpxRequest -Full).examples.example)[0]
            $example.remarks[0].Text
            & ([scriptblock]::Create($example.code))
            """);
        Assert.Empty(result.Errors);
        var quoted = System.Text.RegularExpressions.Regex.Match((string)result.Output[0].BaseObject, "`([^`]+)`").Groups[1].Value;
        Assert.Equal("https://api.example.com/search?q=a+b&page=2", quoted);
        Assert.Equal(quoted, result.Output[1].BaseObject);
    }

    [Fact]
    public void Invoke_Httpx_help_says_what_to_use_for_each_Invoke_WebRequest_parameter_it_does_not_have()
    {
        // A user who types one of these gets PowerShell's "A parameter cannot be found"; the help's notes are where they
        // look next, and named none of them. Every parameter and alias of Invoke-WebRequest and Invoke-RestMethod in
        // PowerShell 7.6 (this runspace has neither cmdlet): one Invoke-Httpx has by that name (a parameter or alias)
        // needs no word, and the notes name each of the others. They said -ContentType was not a parameter here after
        // it became one, and named none of -UseBasicParsing, -ConnectionTimeoutSeconds, -OperationTimeoutSeconds,
        // -HttpVersion, -SslProtocol, -UnixSocket, -FollowRelLink...
        var result = _ps.Run("""
            $help = Get-Help Invoke-Httpx -Full
            $notes = (@($help.alertSet.alert) | ForEach-Object { $_.Text }) -join ' '
            $own = (Get-Command Invoke-Httpx).Parameters.Values | ForEach-Object { $_.Name; $_.Aliases }
            $iwr = 'UseBasicParsing', 'Uri', 'HttpVersion', 'WebSession', 'SessionVariable', 'AllowUnencryptedAuthentication',
                'Authentication', 'Credential', 'UseDefaultCredentials', 'CertificateThumbprint', 'Certificate', 'SkipCertificateCheck',
                'SslProtocol', 'Token', 'UserAgent', 'DisableKeepAlive', 'ConnectionTimeoutSeconds', 'TimeoutSec', 'OperationTimeoutSeconds',
                'Headers', 'SkipHeaderValidation', 'AllowInsecureRedirect', 'MaximumRedirection', 'MaximumRetryCount',
                'PreserveAuthorizationOnRedirect', 'RetryIntervalSec', 'Method', 'CustomMethod', 'PreserveHttpMethodOnRedirect',
                'UnixSocket', 'NoProxy', 'Proxy', 'ProxyCredential', 'ProxyUseDefaultCredentials', 'Body', 'Form', 'ContentType',
                'TransferEncoding', 'InFile', 'OutFile', 'PassThru', 'Resume', 'SkipHttpErrorCheck',
                'FollowRelLink', 'MaximumFollowRelLink', 'ResponseHeadersVariable', 'StatusCodeVariable'
            $iwr | Where-Object { $_ -notin $own -and $notes -notmatch ('-' + $_ + '\b') } | ForEach-Object { "not named: $_" }
            # The list of those it lacks ("-X and -Y: what to use instead. ...") names none it has.
            $flat = $notes -replace '\s+', ' '
            $lacks = $flat.Substring($flat.IndexOf('The others are not parameters here'))
            $lacks = $lacks.Substring(0, $lacks.IndexOf("Invoke-RestMethod's output is"))
            [regex]::Matches($lacks, '(?:instead: |\. )(-\w+(?:(?:, | and )-\w+)*):') |
                ForEach-Object { $_.Groups[1].Value -split ', | and ' } | ForEach-Object { $_.TrimStart('-') } |
                Where-Object { $_ -in $own } | ForEach-Object { "said to be missing: $_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
    }

    private static string RepoRoot => Path.GetFullPath(Path.Combine(PowerShellFixture.ModuleManifest, "..", "..", ".."));
}
