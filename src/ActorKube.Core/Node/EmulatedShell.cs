using System.Globalization;
using System.Text;

namespace ActorKube.Core.Node;

/// <summary>
/// A very small POSIX-like shell for emulated containers: runs `echo`, `printf`, `sleep N`, `date`,
/// `exit N`, `true`/`false`, `hostname`, `env`, variables, `;` `&amp;&amp;` `||` `|`, `while true; do ...; done`
/// and `for x in ...; do ...; done`, and turns the script into a <see cref="ContainerPlan"/> against
/// emulated time. Nothing runs: the plan says what the log shows when, and when the process exits.
/// </summary>
public sealed class EmulatedShell
{
    private const char LiteralDollar = '\u0001';
    private const int MaxSteps = 10_000;

    private readonly DateTimeOffset _startedAt;
    private readonly string _shellName;
    private readonly Dictionary<string, string> _vars;
    private readonly List<PlanStep> _steps = [];
    private TimeSpan _t;
    private int _status;
    private bool _finished;
    private bool _errexit;
    private bool _quiet;

    private EmulatedShell(DateTimeOffset startedAt, string shellName, IReadOnlyDictionary<string, string>? env)
    {
        _startedAt = startedAt;
        _shellName = shellName;
        _vars = env is null ? new(StringComparer.Ordinal) : new(env, StringComparer.Ordinal);
    }

    /// <summary>Runs `sh -c script` (shellName "sh" or "bash" only changes error messages).</summary>
    public static ContainerPlan RunScript(string script, DateTimeOffset startedAt, IReadOnlyDictionary<string, string>? env = null, string shellName = "sh")
    {
        var shell = new EmulatedShell(startedAt, shellName, env);
        List<Token> tokens;
        try
        {
            tokens = Tokenize(script);
        }
        catch (FormatException e)
        {
            return ContainerPlan.ExitAt(TimeSpan.Zero, 2, new PrintStep(TimeSpan.Zero, $"{shellName}: {e.Message}"));
        }

        var parser = new Parser(tokens);
        Node node;
        try
        {
            node = parser.ParseList(endWords: []);
        }
        catch (FormatException e)
        {
            return ContainerPlan.ExitAt(TimeSpan.Zero, 2, new PrintStep(TimeSpan.Zero, $"{shellName}: syntax error: {e.Message}"));
        }

        return shell.Finish(node);
    }

    /// <summary>Runs a command given as argv with no shell (the container's command + args).</summary>
    public static ContainerPlan RunArgv(IReadOnlyList<string> argv, DateTimeOffset startedAt, IReadOnlyDictionary<string, string>? env = null)
    {
        var shell = new EmulatedShell(startedAt, "sh", env);
        var words = argv.Select(a => a.Replace("$", LiteralDollar.ToString(), StringComparison.Ordinal)).ToList();
        return shell.Finish(new Simple(words, []));
    }

    /// <summary>Commands the emulated shell knows (for deciding whether a direct command is emulated).</summary>
    public static bool IsKnownCommand(string name) => name is "echo" or "printf" or "sleep" or "date" or "exit" or "true" or "false" or ":" or "hostname" or "env" or "printenv" or "cat" or "tail" or "set" or "export" or "wget" or "wait";

    private ContainerPlan Finish(Node node)
    {
        Exec(node);
        if (_steps.Count > 0 && _steps[^1] is RunForeverStep or LoopStep)
        {
            return new ContainerPlan(_steps);
        }

        _steps.Add(new ExitStep(_t, _status));
        return new ContainerPlan(_steps);
    }

    private void Print(string line)
    {
        if (_quiet || _steps.Count >= MaxSteps)
        {
            return;
        }

        _steps.Add(new PrintStep(_t, line));
    }

    private void Forever()
    {
        _steps.Add(new RunForeverStep(_t));
        _finished = true;
    }

    private void Exec(Node node)
    {
        if (_finished)
        {
            return;
        }

        switch (node)
        {
            case Sequence seq:
                foreach (var n in seq.Items)
                {
                    Exec(n);
                    if (_finished)
                    {
                        return;
                    }

                    if (_errexit && _status != 0 && n is not AndOr)
                    {
                        _finished = true;
                        return;
                    }
                }

                break;
            case AndOr ao:
                Exec(ao.First);
                foreach (var (op, next) in ao.Rest)
                {
                    if (_finished)
                    {
                        return;
                    }

                    if ((op == "&&" && _status == 0) || (op == "||" && _status != 0))
                    {
                        Exec(next);
                    }
                }

                break;
            case Pipeline p:
                var quiet = _quiet;
                for (var i = 0; i < p.Commands.Count && !_finished; i++)
                {
                    _quiet = quiet || i < p.Commands.Count - 1;
                    Exec(p.Commands[i]);
                }

                _quiet = quiet;
                break;
            case While w:
                ExecWhile(w);
                break;
            case For f:
                foreach (var item in f.Items.SelectMany(Expand))
                {
                    _vars[f.Variable] = item;
                    Exec(f.Body);
                    if (_finished)
                    {
                        return;
                    }
                }

                break;
            case Simple s:
                ExecSimple(s);
                break;
        }
    }

    private void ExecWhile(While w)
    {
        var condition = w.Condition is Sequence { Items: [var only] } ? only : w.Condition;
        var infinite = condition is Simple { Words: [var c] } && (c is "true" or ":");
        if (!infinite)
        {
            for (var round = 0; round < 1000 && !_finished; round++)
            {
                Exec(w.Condition);
                if (_status != 0 || _finished)
                {
                    _status = 0;
                    return;
                }

                Exec(w.Body);
            }

            return;
        }

        // One round tells the period and the lines; an infinite loop becomes a LoopStep.
        var start = _t;
        var before = _steps.Count;
        Exec(w.Body);
        if (_finished)
        {
            return;
        }

        var period = _t - start;
        var lines = _steps.Skip(before).OfType<PrintStep>().Select(p => p with { At = p.At - start }).ToList();
        _steps.RemoveRange(before, _steps.Count - before);
        _t = start;
        if (period <= TimeSpan.Zero)
        {
            // A busy loop: print its first round once and spin.
            foreach (var l in lines)
            {
                Print(l.Line);
            }

            Forever();
            return;
        }

        _steps.Add(new LoopStep(start, period, lines));
        _finished = true;
    }

    private IEnumerable<string> Expand(string word)
    {
        var text = ExpandVars(word);
        // Unquoted expansions of a for list split on spaces; quoted ones were kept whole by the tokenizer.
        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private string ExpandVars(string word)
    {
        if (!word.Contains('$', StringComparison.Ordinal))
        {
            return word.Replace(LiteralDollar, '$');
        }

        var sb = new StringBuilder();
        for (var i = 0; i < word.Length; i++)
        {
            var ch = word[i];
            if (ch != '$' || i == word.Length - 1)
            {
                sb.Append(ch == LiteralDollar ? '$' : ch);
                continue;
            }

            var next = word[i + 1];
            if (next == '(')
            {
                var close = word.IndexOf(')', i + 2);
                if (close > 0)
                {
                    var inner = word[(i + 2)..close].Trim();
                    sb.Append(Substitute(inner));
                    i = close;
                    continue;
                }
            }

            if (next == '{')
            {
                var close = word.IndexOf('}', i + 2);
                if (close > 0)
                {
                    sb.Append(Var(word[(i + 2)..close]));
                    i = close;
                    continue;
                }
            }

            if (next == '?')
            {
                sb.Append(_status.ToString(CultureInfo.InvariantCulture));
                i++;
                continue;
            }

            var j = i + 1;
            while (j < word.Length && (char.IsAsciiLetterOrDigit(word[j]) || word[j] == '_'))
            {
                j++;
            }

            if (j == i + 1)
            {
                sb.Append('$');
                continue;
            }

            sb.Append(Var(word[(i + 1)..j]));
            i = j - 1;
        }

        return sb.ToString();
    }

    private string Var(string name) => _vars.TryGetValue(name, out var v) ? v : "";

    private string Substitute(string command)
    {
        var argv = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return argv.Length == 0 ? "" : argv[0] switch
        {
            "date" => Date(argv.Skip(1).ToList()),
            "hostname" => Var("HOSTNAME"),
            _ => "",
        };
    }

    private DateTimeOffset Now => _startedAt + _t;

    private string Date(IReadOnlyList<string> args)
    {
        var now = Now.ToUniversalTime();
        var format = args.FirstOrDefault(a => a.StartsWith('+'));
        if (format is null)
        {
            // busybox/coreutils default: "Fri Nov  6 01:22:11 UTC 2026"
            return now.ToString("ddd MMM ", CultureInfo.InvariantCulture) + now.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + now.ToString(" HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
        }

        var sb = new StringBuilder();
        for (var i = 1; i < format.Length; i++)
        {
            if (format[i] != '%' || i == format.Length - 1)
            {
                sb.Append(format[i]);
                continue;
            }

            i++;
            sb.Append(format[i] switch
            {
                's' => now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                'Y' => now.ToString("yyyy", CultureInfo.InvariantCulture),
                'm' => now.ToString("MM", CultureInfo.InvariantCulture),
                'd' => now.ToString("dd", CultureInfo.InvariantCulture),
                'H' => now.ToString("HH", CultureInfo.InvariantCulture),
                'M' => now.ToString("mm", CultureInfo.InvariantCulture),
                'S' => now.ToString("ss", CultureInfo.InvariantCulture),
                'T' => now.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                'F' => now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                'Z' => "UTC",
                'N' => (now.Ticks % TimeSpan.TicksPerSecond * 100).ToString("000000000", CultureInfo.InvariantCulture),
                '%' => "%",
                var other => "%" + other,
            });
        }

        return sb.ToString();
    }

    private void ExecSimple(Simple s)
    {
        var quiet = _quiet;
        if (s.Redirects.Any(r => r.Op is ">" or ">>" or "1>" && r.Target is not ("/dev/stdout" or "/dev/stderr")))
        {
            _quiet = true;
        }

        try
        {
            var words = s.Words.Select(ExpandVars).ToList();
            // Leading NAME=value assignments.
            var k = 0;
            while (k < words.Count && IsAssignment(words[k]))
            {
                var eq = words[k].IndexOf('=', StringComparison.Ordinal);
                _vars[words[k][..eq]] = words[k][(eq + 1)..];
                k++;
            }

            if (k == words.Count)
            {
                _status = 0;
                return;
            }

            Run(words[k], words.Skip(k + 1).ToList());
        }
        finally
        {
            _quiet = quiet;
        }
    }

    private static bool IsAssignment(string word)
    {
        var eq = word.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && word[..eq].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(word[0]);
    }

    private void Run(string command, List<string> args)
    {
        var name = command.StartsWith('/') ? command[(command.LastIndexOf('/') + 1)..] : command;
        switch (name)
        {
            case "echo":
                Echo(args);
                _status = 0;
                break;
            case "printf":
                Printf(args);
                _status = 0;
                break;
            case "sleep":
                Sleep(args);
                break;
            case "date":
                Print(Date(args));
                _status = 0;
                break;
            case "hostname":
                Print(Var("HOSTNAME"));
                _status = 0;
                break;
            case "env" or "printenv":
                foreach (var (k, v) in _vars.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    Print($"{k}={v}");
                }

                _status = 0;
                break;
            case "exit":
                _status = args.Count > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code & 0xff : _status;
                _finished = true;
                break;
            case "true" or ":" or "wait":
                _status = 0;
                break;
            case "false":
                _status = 1;
                break;
            case "set":
                if (args.Contains("-e"))
                {
                    _errexit = true;
                }

                _status = 0;
                break;
            case "export":
                foreach (var a in args.Where(IsAssignment))
                {
                    var eq = a.IndexOf('=', StringComparison.Ordinal);
                    _vars[a[..eq]] = a[(eq + 1)..];
                }

                _status = 0;
                break;
            case "cat":
                if (args.Count == 0)
                {
                    _status = 0;
                }
                else
                {
                    Print($"cat: can't open '{args[0]}': No such file or directory");
                    _status = 1;
                }

                break;
            case "tail" when args.Contains("-f") || args.Contains("-F"):
                Forever();
                break;
            case "wget":
                var url = args.LastOrDefault(a => !a.StartsWith('-')) ?? "";
                var host = url.Replace("http://", "", StringComparison.Ordinal).Split('/', ':')[0];
                Print($"wget: bad address '{host}'");
                _status = 1;
                break;
            default:
                Print(_shellName == "bash" ? $"bash: line 1: {name}: command not found" : $"{_shellName}: {name}: not found");
                _status = 127;
                break;
        }
    }

    private void Echo(List<string> args)
    {
        var escapes = false;
        while (args.Count > 0 && args[0] is "-n" or "-e" or "-ne" or "-en" or "-E")
        {
            escapes |= args[0].Contains('e', StringComparison.Ordinal);
            args.RemoveAt(0);
        }

        var text = string.Join(' ', args);
        if (escapes)
        {
            text = Unescape(text);
        }

        foreach (var line in text.Split('\n'))
        {
            Print(line);
        }
    }

    private void Printf(List<string> args)
    {
        if (args.Count == 0)
        {
            return;
        }

        var format = Unescape(args[0]);
        var rest = new Queue<string>(args.Skip(1));
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] == '%' && i + 1 < format.Length)
            {
                i++;
                sb.Append(format[i] switch
                {
                    's' or 'd' or 'i' or 'u' or 'f' => rest.Count > 0 ? rest.Dequeue() : (format[i] == 's' ? "" : "0"),
                    '%' => "%",
                    var other => "%" + other,
                });
                continue;
            }

            sb.Append(format[i]);
        }

        var text = sb.ToString();
        if (text.EndsWith('\n'))
        {
            text = text[..^1];
        }

        if (text.Length > 0)
        {
            foreach (var line in text.Split('\n'))
            {
                Print(line);
            }
        }
    }

    private static string Unescape(string s) =>
        s.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    private void Sleep(List<string> args)
    {
        if (args.Count == 0)
        {
            Print("sleep: missing operand");
            _status = 1;
            return;
        }

        var total = TimeSpan.Zero;
        foreach (var a in args)
        {
            if (a is "infinity" or "inf")
            {
                Forever();
                return;
            }

            if (!GoDuration.TryParse(a, out var d))
            {
                Print($"sleep: invalid number '{a}'");
                _status = 1;
                return;
            }

            total += d;
        }

        _t += total;
        _status = 0;
    }

    // ---- tokens and syntax ----

    private enum TokenKind
    {
        Word,
        Operator,
        Redirect,
    }

    private sealed record Token(TokenKind Kind, string Text, bool Quoted = false);

    private static List<Token> Tokenize(string script)
    {
        var tokens = new List<Token>();
        var sb = new StringBuilder();
        var inWord = false;
        var quoted = false;

        void EndWord()
        {
            if (inWord)
            {
                tokens.Add(new Token(TokenKind.Word, sb.ToString(), quoted));
                sb.Clear();
                inWord = false;
                quoted = false;
            }
        }

        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            switch (c)
            {
                case '\'':
                    var end = script.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException("unterminated quoted string");
                    }

                    sb.Append(script[(i + 1)..end].Replace('$', LiteralDollar));
                    inWord = true;
                    quoted = true;
                    i = end;
                    break;
                case '"':
                    inWord = true;
                    quoted = true;
                    i++;
                    while (i < script.Length && script[i] != '"')
                    {
                        if (script[i] == '\\' && i + 1 < script.Length && script[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            sb.Append(script[i + 1] == '$' ? LiteralDollar : script[i + 1]);
                            i += 2;
                            continue;
                        }

                        if (script[i] == '$' && i + 1 < script.Length && script[i + 1] == '(')
                        {
                            var close = script.IndexOf(')', i);
                            if (close > 0)
                            {
                                sb.Append(script[i..(close + 1)]);
                                i = close + 1;
                                continue;
                            }
                        }

                        sb.Append(script[i]);
                        i++;
                    }

                    if (i >= script.Length)
                    {
                        throw new FormatException("unterminated quoted string");
                    }

                    break;
                case '\\' when i + 1 < script.Length:
                    if (script[i + 1] == '\n')
                    {
                        i++;
                        break;
                    }

                    sb.Append(script[i + 1] == '$' ? LiteralDollar : script[i + 1]);
                    inWord = true;
                    i++;
                    break;
                case '$' when i + 1 < script.Length && script[i + 1] == '(':
                    var closeParen = script.IndexOf(')', i);
                    if (closeParen < 0)
                    {
                        throw new FormatException("unterminated $(");
                    }

                    sb.Append(script[i..(closeParen + 1)]);
                    inWord = true;
                    i = closeParen;
                    break;
                case '#' when !inWord:
                    while (i + 1 < script.Length && script[i + 1] != '\n')
                    {
                        i++;
                    }

                    break;
                case ' ' or '\t' or '\r':
                    EndWord();
                    break;
                case '\n' or ';':
                    EndWord();
                    tokens.Add(new Token(TokenKind.Operator, ";"));
                    break;
                case '&' or '|':
                    EndWord();
                    if (i + 1 < script.Length && script[i + 1] == c)
                    {
                        tokens.Add(new Token(TokenKind.Operator, new string(c, 2)));
                        i++;
                    }
                    else if (c == '&')
                    {
                        // Background jobs run in sequence here: good enough for logs.
                        tokens.Add(new Token(TokenKind.Operator, ";"));
                    }
                    else
                    {
                        tokens.Add(new Token(TokenKind.Operator, "|"));
                    }

                    break;
                case '>' or '<':
                    var op = c.ToString();
                    if (inWord && sb.Length == 1 && char.IsAsciiDigit(sb[0]) && !quoted)
                    {
                        op = sb[0] + op;
                        sb.Clear();
                        inWord = false;
                    }

                    EndWord();
                    if (i + 1 < script.Length && script[i + 1] == '>')
                    {
                        op += ">";
                        i++;
                    }

                    if (i + 1 < script.Length && script[i + 1] == '&')
                    {
                        op += "&";
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Redirect, op));
                    break;
                default:
                    sb.Append(c);
                    inWord = true;
                    break;
            }
        }

        EndWord();
        return tokens;
    }

    private abstract record Node;

    private sealed record Sequence(IReadOnlyList<Node> Items) : Node;

    private sealed record AndOr(Node First, IReadOnlyList<(string Op, Node Next)> Rest) : Node;

    private sealed record Pipeline(IReadOnlyList<Node> Commands) : Node;

    private sealed record While(Node Condition, Node Body) : Node;

    private sealed record For(string Variable, IReadOnlyList<string> Items, Node Body) : Node;

    private sealed record Simple(IReadOnlyList<string> Words, IReadOnlyList<(string Op, string Target)> Redirects) : Node;

    private sealed class Parser(List<Token> tokens)
    {
        private int _pos;

        private Token? Peek => _pos < tokens.Count ? tokens[_pos] : null;

        private bool AtWord(params string[] words) => Peek is { Kind: TokenKind.Word, Quoted: false } t && words.Contains(t.Text);

        private void SkipSeparators()
        {
            while (Peek is { Kind: TokenKind.Operator, Text: ";" })
            {
                _pos++;
            }
        }

        private void Expect(string word)
        {
            SkipSeparators();
            if (!AtWord(word))
            {
                throw new FormatException($"expected '{word}'");
            }

            _pos++;
        }

        public Node ParseList(string[] endWords)
        {
            var items = new List<Node>();
            while (true)
            {
                SkipSeparators();
                if (Peek is null || AtWord(endWords))
                {
                    break;
                }

                items.Add(ParseAndOr());
            }

            return new Sequence(items);
        }

        private Node ParseAndOr()
        {
            var first = ParsePipeline();
            var rest = new List<(string, Node)>();
            while (Peek is { Kind: TokenKind.Operator, Text: "&&" or "||" } op)
            {
                _pos++;
                SkipSeparators();
                rest.Add((op.Text, ParsePipeline()));
            }

            return rest.Count == 0 ? first : new AndOr(first, rest);
        }

        private Node ParsePipeline()
        {
            var commands = new List<Node> { ParseCommand() };
            while (Peek is { Kind: TokenKind.Operator, Text: "|" })
            {
                _pos++;
                commands.Add(ParseCommand());
            }

            return commands.Count == 1 ? commands[0] : new Pipeline(commands);
        }

        private Node ParseCommand()
        {
            if (AtWord("while", "until"))
            {
                var until = Peek!.Text == "until";
                _pos++;
                var cond = ParseList(["do"]);
                Expect("do");
                var body = ParseList(["done"]);
                Expect("done");
                return until ? new While(new AndOr(cond, [("&&", new Simple(["false"], []))]), body) : new While(cond, body);
            }

            if (AtWord("for"))
            {
                _pos++;
                var variable = Peek?.Text ?? throw new FormatException("expected a variable after 'for'");
                _pos++;
                var items = new List<string>();
                if (AtWord("in"))
                {
                    _pos++;
                    while (Peek is { Kind: TokenKind.Word } w && !AtWord("do"))
                    {
                        items.Add(w.Text);
                        _pos++;
                    }
                }

                Expect("do");
                var body = ParseList(["done"]);
                Expect("done");
                return new For(variable, items, body);
            }

            var words = new List<string>();
            var redirects = new List<(string, string)>();
            while (Peek is { } t && t.Kind != TokenKind.Operator)
            {
                if (t.Kind == TokenKind.Redirect)
                {
                    _pos++;
                    if (t.Text.EndsWith('&'))
                    {
                        // 2>&1: the target is a file descriptor.
                        if (Peek is { Kind: TokenKind.Word })
                        {
                            _pos++;
                        }

                        continue;
                    }

                    var target = Peek is { Kind: TokenKind.Word } w ? w.Text : throw new FormatException($"missing target after '{t.Text}'");
                    _pos++;
                    redirects.Add((t.Text, target));
                    continue;
                }

                if (words.Count == 0 && !t.Quoted && t.Text is "do" or "done" or "then" or "fi")
                {
                    throw new FormatException($"unexpected '{t.Text}'");
                }

                words.Add(t.Text);
                _pos++;
            }

            if (words.Count == 0 && redirects.Count == 0)
            {
                throw new FormatException($"unexpected '{Peek?.Text}'");
            }

            return new Simple(words, redirects);
        }
    }
}
