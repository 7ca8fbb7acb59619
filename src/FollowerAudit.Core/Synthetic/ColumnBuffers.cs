namespace FollowerAudit.Core.Synthetic;

/// <summary>Growable columns of follow edges by internal row: follower, followee, time (ticks, UTC).</summary>
internal sealed class EdgeBuffer
{
    private int[] _from;
    private int[] _to;
    private long[] _ticks;

    public EdgeBuffer(int capacity)
    {
        capacity = Math.Max(16, capacity);
        _from = new int[capacity];
        _to = new int[capacity];
        _ticks = new long[capacity];
    }

    public int Count { get; private set; }

    public int[] From => _from;

    public int[] To => _to;

    public long[] Ticks => _ticks;

    public void Add(int from, int to, long ticks)
    {
        if (Count == _from.Length)
        {
            var size = checked(_from.Length * 2);
            Array.Resize(ref _from, size);
            Array.Resize(ref _to, size);
            Array.Resize(ref _ticks, size);
        }

        _from[Count] = from;
        _to[Count] = to;
        _ticks[Count] = ticks;
        Count++;
    }
}

/// <summary>Growable columns of posts by internal index.</summary>
internal sealed class PostBuffer
{
    public List<int> Author { get; } = [];

    public List<long> Ticks { get; } = [];

    public List<long> Likes { get; } = [];

    public List<long> Replies { get; } = [];

    public List<long> Reposts { get; } = [];

    public List<long> Views { get; } = [];

    public int Count => Author.Count;

    public int Add(int author, long ticks, long likes, long replies, long reposts, long views)
    {
        Author.Add(author);
        Ticks.Add(ticks);
        Likes.Add(likes);
        Replies.Add(replies);
        Reposts.Add(reposts);
        Views.Add(views);
        return Author.Count - 1;
    }
}

/// <summary>Growable columns of engagements: post index, actor row, kind, time.</summary>
internal sealed class EngagementBuffer
{
    public List<int> Post { get; } = [];

    public List<int> Actor { get; } = [];

    public List<byte> Kind { get; } = [];

    public List<long> Ticks { get; } = [];

    public int Count => Post.Count;

    public void Add(int post, int actor, byte kind, long ticks)
    {
        Post.Add(post);
        Actor.Add(actor);
        Kind.Add(kind);
        Ticks.Add(ticks);
    }
}
