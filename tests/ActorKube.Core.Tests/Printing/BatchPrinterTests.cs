using ActorKube.Core.Printing;
using static ActorKube.Core.Tests.Printing.PrintingFixtures;

namespace ActorKube.Core.Tests.Printing;

public class BatchPrinterTests
{
    private static V1Job Job(int? completions = 1, int? parallelism = null, int succeeded = 0, params (string Type, string Status)[] conditions) => new()
    {
        Metadata = Meta("pi", 10),
        Spec = new V1JobSpec { Completions = completions, Parallelism = parallelism, Selector = Selector("batch.kubernetes.io/job-name", "pi"), Template = Template("perl:5.34") },
        Status = new V1JobStatus
        {
            Succeeded = succeeded,
            Conditions = conditions.Select(c => new V1JobCondition { Type = c.Type, Status = c.Status }).ToList(),
        },
    };

    [Theory]
    [InlineData("Complete", "True", false, "Complete")]
    [InlineData("Failed", "True", false, "Failed")]
    [InlineData("Failed", "True", true, "Failed")]
    [InlineData("Suspended", "True", false, "Suspended")]
    [InlineData("Suspended", "True", true, "Terminating")]
    [InlineData("FailureTarget", "True", false, "FailureTarget")]
    [InlineData("Complete", "False", false, "Running")]
    [InlineData("", "", false, "Running")]
    [InlineData("", "", true, "Terminating")]
    public void Job_status(string type, string status, bool deleting, string expected)
    {
        var job = type.Length == 0 ? Job() : Job(conditions: (type, status));
        job.Metadata.DeletionTimestamp = deleting ? Now : null;
        Assert.Equal(expected, JobPrinter.Cells(job, Now)[1]);
    }

    [Theory]
    [InlineData(3, null, 2, "2/3")]
    [InlineData(null, 3, 1, "1/1 of 3")]
    [InlineData(null, 1, 0, "0/1")]
    [InlineData(null, null, 0, "0/1")]
    public void Job_completions(int? completions, int? parallelism, int succeeded, string expected) =>
        Assert.Equal(expected, JobPrinter.Cells(Job(completions, parallelism, succeeded), Now)[2]);

    [Fact]
    public void Job_duration_runs_until_completion()
    {
        var job = Job(succeeded: 1, conditions: ("Complete", "True"));
        Assert.Equal("", JobPrinter.Cells(job, Now)[3]);

        job.Status.StartTime = Now.AddMinutes(-9);
        Assert.Equal("9m", JobPrinter.Cells(job, Now)[3]);

        job.Status.CompletionTime = job.Status.StartTime.Value.AddSeconds(34);
        Assert.Equal(
            new object[] { "pi", "Complete", "1/1", "34s", "10m", "web", "perl:5.34", "batch.kubernetes.io/job-name=pi" },
            JobPrinter.Cells(job, Now));
        Assert.Equal(["Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector"], JobPrinter.Columns.Select(c => c.Name));
    }

    [Fact]
    public void CronJob_cells()
    {
        var cj = new V1CronJob
        {
            Metadata = Meta("report", 60 * 24 * 2),
            Spec = new V1CronJobSpec
            {
                Schedule = "*/5 * * * *",
                JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = Template("busybox") } },
            },
            Status = new V1CronJobStatus { Active = [new V1ObjectReference { Name = "report-1" }], LastScheduleTime = Now.AddMinutes(-3) },
        };

        Assert.Equal(new object[] { "report", "*/5 * * * *", "<none>", "<unset>", 1L, "3m", "2d", "web", "busybox", "<none>" }, CronJobPrinter.Cells(cj, Now));

        cj.Spec.Suspend = true;
        cj.Spec.TimeZone = "Etc/UTC";
        cj.Status = null;
        Assert.Equal(new object[] { "Etc/UTC", "True", 0L, "<none>" }, CronJobPrinter.Cells(cj, Now)[2..6]);
        Assert.Equal(["Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "Containers", "Images", "Selector"], CronJobPrinter.Columns.Select(c => c.Name));
    }
}
