using System.Text.RegularExpressions;

namespace ActorKube.E2E.Tests.Harness;

/// <summary>
/// kubectl's human-readable table (<c>get</c>): a header and rows, columns padded with at least three
/// spaces by its tabwriter, so two or more spaces separate cells and one space stays inside a cell
/// ("NOMINATED NODE", "Debian GNU/Linux 12 (bookworm)").
/// </summary>
public sealed partial class KubectlTable
{
    private KubectlTable(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    /// <summary>Parses the output of a <c>kubectl get</c> with headers; no output is an empty table.</summary>
    public static KubectlTable Parse(string stdout)
    {
        var lines = stdout.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            return new KubectlTable([], []);
        }

        var columns = Cells().Split(lines[0]);
        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var cells = Cells().Split(line);
            Assert.True(cells.Length == columns.Length, $"the row \"{line}\" has {cells.Length} cells, the header {columns.Length}:\n{stdout}");
            rows.Add(columns.Zip(cells).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal));
        }

        return new KubectlTable(columns, rows);
    }

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Cells();
}
