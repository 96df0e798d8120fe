using ActorKube.Core.Api;

namespace ActorKube.Core.Selectors;

/// <summary>The lexer and recursive-descent parser of apimachinery's labels/selector.go, with its error messages.</summary>
internal sealed class LabelSelectorParser
{
    private const string ParsePrefix = "unable to parse requirement: ";

    private readonly List<(Token Tok, string Lit)> _tokens;
    private int _pos;

    public LabelSelectorParser(string input) => _tokens = Lex(input);

    private enum Token
    {
        Error,
        EndOfString,
        ClosedPar,
        Comma,
        DoesNotExist,
        DoubleEquals,
        Equals,
        GreaterThan,
        Identifier,
        In,
        LessThan,
        NotEquals,
        NotIn,
        OpenPar,
    }

    public List<LabelRequirement> Parse()
    {
        var reqs = new List<LabelRequirement>();
        while (true)
        {
            var (tok, lit) = Lookahead(values: true);
            switch (tok)
            {
                case Token.Identifier or Token.DoesNotExist:
                    reqs.Add(ParseRequirement());
                    var (t, l) = Consume(values: true);
                    switch (t)
                    {
                        case Token.EndOfString:
                            return reqs;
                        case Token.Comma:
                            var (t2, l2) = Lookahead(values: true);
                            if (t2 is not (Token.Identifier or Token.DoesNotExist))
                            {
                                throw Fail($"found '{l2}', expected: identifier after ','");
                            }

                            break;
                        default:
                            throw Fail($"found '{l}', expected: ',' or 'end of string'");
                    }

                    break;
                case Token.EndOfString:
                    return reqs;
                default:
                    throw Fail($"found '{lit}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private static ApiException Fail(string message) => new(StatusErrors.BadRequest(message));

    private static ApiException FailRequirement(string message) => new(StatusErrors.BadRequest(ParsePrefix + message));

    private LabelRequirement ParseRequirement()
    {
        var (key, op) = ParseKeyAndInferOperator();
        if (op is SelectorOperator.Exists or SelectorOperator.DoesNotExist)
        {
            return LabelSelector.Make(key, op.Value, [], ParsePrefix);
        }

        var binary = ParseOperator();
        List<string> values = binary is SelectorOperator.In or SelectorOperator.NotIn ? ParseValues() : ParseExactValue();
        return LabelSelector.Make(key, binary, values, ParsePrefix);
    }

    private (string Key, SelectorOperator? Op) ParseKeyAndInferOperator()
    {
        SelectorOperator? op = null;
        var (tok, lit) = Consume(values: true);
        if (tok == Token.DoesNotExist)
        {
            op = SelectorOperator.DoesNotExist;
            (tok, lit) = Consume(values: true);
        }

        if (tok != Token.Identifier)
        {
            throw FailRequirement($"found '{lit}', expected: identifier");
        }

        var keyErrors = NameRules.IsQualifiedName(lit);
        if (keyErrors.Count > 0)
        {
            throw FailRequirement($"key: Invalid value: \"{lit}\": {string.Join("; ", keyErrors)}");
        }

        var (next, _) = Lookahead(values: true);
        if (next is Token.EndOfString or Token.Comma)
        {
            op ??= SelectorOperator.Exists;
        }

        return (lit, op);
    }

    private SelectorOperator ParseOperator()
    {
        var (tok, lit) = Consume(values: false);
        return tok switch
        {
            Token.In => SelectorOperator.In,
            Token.Equals => SelectorOperator.Equals,
            Token.DoubleEquals => SelectorOperator.DoubleEquals,
            Token.GreaterThan => SelectorOperator.GreaterThan,
            Token.LessThan => SelectorOperator.LessThan,
            Token.NotIn => SelectorOperator.NotIn,
            Token.NotEquals => SelectorOperator.NotEquals,
            _ => throw FailRequirement($"found '{lit}', expected: in, notin, =, ==, !=, gt, lt"),
        };
    }

    private List<string> ParseValues()
    {
        var (tok, lit) = Consume(values: true);
        if (tok != Token.OpenPar)
        {
            throw FailRequirement($"found '{lit}' expected: '('");
        }

        (tok, lit) = Lookahead(values: true);
        switch (tok)
        {
            case Token.Identifier or Token.Comma:
                var s = ParseIdentifiersList();
                var (close, closeLit) = Consume(values: true);
                if (close != Token.ClosedPar)
                {
                    throw FailRequirement($"found '{closeLit}', expected: ')'");
                }

                return s;
            case Token.ClosedPar:
                Consume(values: true);
                return [""];
            default:
                throw FailRequirement($"found '{lit}', expected: ',', ')' or identifier");
        }
    }

    private List<string> ParseIdentifiersList()
    {
        var s = new List<string>();
        while (true)
        {
            var (tok, lit) = Consume(values: true);
            switch (tok)
            {
                case Token.Identifier:
                    s.Add(lit);
                    var (t2, l2) = Lookahead(values: true);
                    switch (t2)
                    {
                        case Token.Comma:
                            continue;
                        case Token.ClosedPar:
                            return s;
                        default:
                            throw FailRequirement($"found '{l2}', expected: ',' or ')'");
                    }

                case Token.Comma:
                    if (s.Count == 0)
                    {
                        s.Add("");
                    }

                    var (t3, _) = Lookahead(values: true);
                    if (t3 == Token.ClosedPar)
                    {
                        s.Add("");
                        return s;
                    }

                    if (t3 == Token.Comma)
                    {
                        Consume(values: true);
                        s.Add("");
                    }

                    break;
                default:
                    throw FailRequirement($"found '{lit}', expected: ',', or identifier");
            }
        }
    }

    private List<string> ParseExactValue()
    {
        var (tok, _) = Lookahead(values: true);
        if (tok is Token.EndOfString or Token.Comma)
        {
            return [""];
        }

        var (t, lit) = Consume(values: true);
        if (t == Token.Identifier)
        {
            return [lit];
        }

        throw FailRequirement($"found '{lit}', expected: identifier");
    }

    private (Token Tok, string Lit) Lookahead(bool values)
    {
        var (tok, lit) = _tokens[_pos];
        return Contextual(tok, lit, values);
    }

    private (Token Tok, string Lit) Consume(bool values)
    {
        var (tok, lit) = _tokens[_pos];
        if (_pos < _tokens.Count - 1)
        {
            _pos++;
        }

        return Contextual(tok, lit, values);
    }

    // In a value position, the keywords "in" and "notin" are plain identifiers.
    private static (Token, string) Contextual(Token tok, string lit, bool values) =>
        values && tok is Token.In or Token.NotIn ? (Token.Identifier, lit) : (tok, lit);

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecial(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    private static List<(Token, string)> Lex(string s)
    {
        var tokens = new List<(Token, string)>();
        var i = 0;
        while (true)
        {
            while (i < s.Length && IsWhitespace(s[i]))
            {
                i++;
            }

            if (i >= s.Length)
            {
                tokens.Add((Token.EndOfString, ""));
                return tokens;
            }

            var c = s[i];
            if (IsSpecial(c))
            {
                var start = i;
                while (i < s.Length && IsSpecial(s[i]) && SymbolToken(s[start..(i + 1)]) is not null)
                {
                    i++;
                }

                var lit = s[start..i];
                if (lit.Length == 0)
                {
                    tokens.Add((Token.Error, s[start..(start + 1)]));
                    tokens.Add((Token.EndOfString, ""));
                    return tokens;
                }

                tokens.Add((SymbolToken(lit)!.Value, lit));
                continue;
            }

            var b = i;
            while (i < s.Length && !IsWhitespace(s[i]) && !IsSpecial(s[i]))
            {
                i++;
            }

            var word = s[b..i];
            tokens.Add((word switch { "in" => Token.In, "notin" => Token.NotIn, _ => Token.Identifier }, word));
        }
    }

    private static Token? SymbolToken(string lit) => lit switch
    {
        "!" => Token.DoesNotExist,
        "!=" => Token.NotEquals,
        "(" => Token.OpenPar,
        ")" => Token.ClosedPar,
        "," => Token.Comma,
        "=" => Token.Equals,
        "==" => Token.DoubleEquals,
        ">" => Token.GreaterThan,
        "<" => Token.LessThan,
        _ => null,
    };
}
