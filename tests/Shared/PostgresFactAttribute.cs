namespace ActorKube.Tests.Shared;

/// <summary>A fact that needs PostgreSQL: skipped, with the reason, when <c>ACTORKUBE_TEST_POSTGRES</c> is unset.
/// .ci/run sets it and fails if a test with Postgres in its name was skipped: name such tests (or their class) so.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestSchema.ServerConnectionString is null)
        {
            Skip = PostgresTestSchema.SkipReason;
        }
    }
}

/// <summary>A theory that needs PostgreSQL; see <see cref="PostgresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresTestSchema.ServerConnectionString is null)
        {
            Skip = PostgresTestSchema.SkipReason;
        }
    }
}
