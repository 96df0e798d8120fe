using System.Globalization;
using System.Text.RegularExpressions;

namespace ActorKube.Core.Api;

/// <summary>
/// The name and value syntax checks of apimachinery's util/validation, with its exact messages.
/// Each check returns the list of problems (empty when valid).
/// </summary>
public static partial class NameRules
{
    public const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    public const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";
    public const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";
    public const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    public const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    public const string ConfigMapKeyFormat = "[-._a-zA-Z0-9]+";

    public const int Dns1123LabelMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;
    public const int QualifiedNameMaxLength = 63;
    public const int LabelValueMaxLength = 63;

    public static readonly string Dns1123LabelMessage = RegexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        Dns1123LabelFormat, "my-name", "123-abc");

    public static readonly string Dns1123SubdomainMessage = RegexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        Dns1123SubdomainFormat, "example.com");

    public static readonly string Dns1035LabelMessage = RegexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        Dns1035LabelFormat, "my-name", "abc-123");

    private const string QualifiedNameErr = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    public static readonly string LabelValueMessage = RegexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LabelValueFormat, "MyValue", "my_value", "12345");

    public static readonly string ConfigMapKeyMessage = RegexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'", ConfigMapKeyFormat, "key.name", "KEY_NAME", "key-name");

    [GeneratedRegex("^" + Dns1123LabelFormat + "$")]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex("^" + Dns1123SubdomainFormat + "$")]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex("^" + Dns1035LabelFormat + "$")]
    private static partial Regex Dns1035LabelRegex();

    [GeneratedRegex("^" + QualifiedNameFormat + "$")]
    private static partial Regex QualifiedNameRegex();

    [GeneratedRegex("^" + LabelValueFormat + "$")]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^" + ConfigMapKeyFormat + "$")]
    private static partial Regex ConfigMapKeyRegex();

    [GeneratedRegex("^[-a-z0-9]+$")]
    private static partial Regex PortNameCharsRegex();

    [GeneratedRegex("[a-z]")]
    private static partial Regex PortNameOneLetterRegex();

    /// <summary>apimachinery's RegexError: <c>msg (e.g. 'a',  or 'b', regex used for validation is '...')</c>.</summary>
    public static string RegexError(string msg, string format, params string[] examples)
    {
        if (examples.Length == 0)
        {
            return $"{msg} (regex used for validation is '{format}')";
        }

        var sb = new System.Text.StringBuilder(msg).Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(" or ");
            }

            sb.Append('\'').Append(examples[i]).Append("', ");
        }

        return sb.Append("regex used for validation is '").Append(format).Append("')").ToString();
    }

    /// <summary>What a check returns for a valid value: shared, so the common case allocates nothing.</summary>
    private static readonly IReadOnlyList<string> NoErrors = [];

    public static string MaxLenError(int length) => string.Create(CultureInfo.InvariantCulture, $"must be no more than {length} characters");

    public static IReadOnlyList<string> IsDns1123Label(string value)
    {
        List<string>? errs = null;
        if (value.Length > Dns1123LabelMaxLength)
        {
            (errs ??= []).Add(MaxLenError(Dns1123LabelMaxLength));
        }

        if (!Dns1123LabelRegex().IsMatch(value))
        {
            (errs ??= []).Add(Dns1123LabelMessage);
        }

        return errs ?? NoErrors;
    }

    public static IReadOnlyList<string> IsDns1123Subdomain(string value) => IsDns1123Subdomain(value.AsSpan());

    /// <summary>The same for part of a string (the prefix of a qualified name), without making it one.</summary>
    public static IReadOnlyList<string> IsDns1123Subdomain(ReadOnlySpan<char> value)
    {
        List<string>? errs = null;
        if (value.Length > Dns1123SubdomainMaxLength)
        {
            (errs ??= []).Add(MaxLenError(Dns1123SubdomainMaxLength));
        }

        if (!Dns1123SubdomainRegex().IsMatch(value))
        {
            (errs ??= []).Add(Dns1123SubdomainMessage);
        }

        return errs ?? NoErrors;
    }

    public static IReadOnlyList<string> IsDns1035Label(string value)
    {
        List<string>? errs = null;
        if (value.Length > Dns1123LabelMaxLength)
        {
            (errs ??= []).Add(MaxLenError(Dns1123LabelMaxLength));
        }

        if (!Dns1035LabelRegex().IsMatch(value))
        {
            (errs ??= []).Add(Dns1035LabelMessage);
        }

        return errs ?? NoErrors;
    }

    /// <summary>IsQualifiedName: label and annotation keys, optionally prefixed by a DNS subdomain and '/'.</summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        List<string>? errs = null;
        // Split by hand: label and annotation keys are checked on every write, and most are valid.
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var slashes = slash < 0 ? 0 : value.IndexOf('/', slash + 1) < 0 ? 1 : 2;
        ReadOnlySpan<char> name;
        switch (slashes)
        {
            case 0:
                name = value;
                break;
            case 1:
                var prefix = value.AsSpan(0, slash);
                name = value.AsSpan(slash + 1);
                if (prefix.Length == 0)
                {
                    (errs ??= []).Add("prefix part must be non-empty");
                }
                else
                {
                    foreach (var m in IsDns1123Subdomain(prefix))
                    {
                        (errs ??= []).Add("prefix part " + m);
                    }
                }

                break;
            default:
                return
                [
                    "a qualified name " + RegexError(QualifiedNameErr, QualifiedNameFormat, "MyName", "my.name", "123-abc") +
                    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                ];
        }

        if (name.Length == 0)
        {
            (errs ??= []).Add("name part must be non-empty");
        }
        else if (name.Length > QualifiedNameMaxLength)
        {
            (errs ??= []).Add("name part " + MaxLenError(QualifiedNameMaxLength));
        }

        if (name.Length > 0 && !QualifiedNameRegex().IsMatch(name))
        {
            (errs ??= []).Add("name part " + RegexError(QualifiedNameErr, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }

        return errs ?? NoErrors;
    }

    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        List<string>? errs = null;
        if (value.Length > LabelValueMaxLength)
        {
            (errs ??= []).Add(MaxLenError(LabelValueMaxLength));
        }

        if (!LabelValueRegex().IsMatch(value))
        {
            (errs ??= []).Add(LabelValueMessage);
        }

        return errs ?? NoErrors;
    }

    public static IReadOnlyList<string> IsConfigMapKey(string value)
    {
        List<string>? errs = null;
        if (value.Length > Dns1123SubdomainMaxLength)
        {
            (errs ??= []).Add(MaxLenError(Dns1123SubdomainMaxLength));
        }

        if (!ConfigMapKeyRegex().IsMatch(value))
        {
            (errs ??= []).Add(ConfigMapKeyMessage);
        }

        if (value is "." or "..")
        {
            (errs ??= []).Add($"must not be '{value}'");
        }
        else if (value.StartsWith("..", StringComparison.Ordinal))
        {
            (errs ??= []).Add("must not start with '..'");
        }

        return errs ?? NoErrors;
    }

    /// <summary>IsValidPortName (IANA_SVC_NAME).</summary>
    public static IReadOnlyList<string> IsValidPortName(string port)
    {
        List<string>? errs = null;
        if (port.Length > 15)
        {
            (errs ??= []).Add(MaxLenError(15));
        }

        if (!PortNameCharsRegex().IsMatch(port))
        {
            (errs ??= []).Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!PortNameOneLetterRegex().IsMatch(port))
        {
            (errs ??= []).Add("must contain at least one letter (a-z)");
        }

        if (port.Contains("--", StringComparison.Ordinal))
        {
            (errs ??= []).Add("must not contain consecutive hyphens");
        }

        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-'))
        {
            (errs ??= []).Add("must not begin or end with a hyphen");
        }

        return errs ?? NoErrors;
    }

    public static bool IsValidPortNumber(int port) => port is >= 1 and <= 65535;
}
