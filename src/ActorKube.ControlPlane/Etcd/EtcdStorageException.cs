namespace ActorKube.ControlPlane.Etcd;

/// <summary>The etcd storage cannot be used (PostgreSQL unreachable, a refused login, no right to make the tables);
/// the message says what and where, without the password.</summary>
public sealed class EtcdStorageException : Exception
{
    public EtcdStorageException(string message)
        : base(message)
    {
    }

    public EtcdStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EtcdStorageException()
    {
    }
}
