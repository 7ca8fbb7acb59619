namespace FollowerAudit.Core.Model;

/// <summary>Ground-truth label of an account, used only for evaluation and training, never by the audit itself.</summary>
public enum AccountLabel : byte
{
    /// <summary>No label (the normal case for audited data).</summary>
    Unknown = 0,

    /// <summary>A genuine (human or organisation) account.</summary>
    Genuine = 1,

    /// <summary>A fake, purchased or automated account.</summary>
    Fake = 2,
}
