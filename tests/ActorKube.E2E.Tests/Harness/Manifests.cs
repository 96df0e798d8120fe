namespace ActorKube.E2E.Tests.Harness;

/// <summary>The manifests under Manifests/ of this project, copied next to the test assembly.</summary>
public static class Manifests
{
    public static string PathOf(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Manifests", fileName);
        Assert.True(File.Exists(path), $"{path} is missing (Manifests/*.yaml are copied to the output folder)");
        return path;
    }
}
