using FollowerAudit.Core.Model;

namespace FollowerAudit.IO.Reading;

/// <summary>
/// Loads <c>accounts</c>: drops null and repeated account ids (the first row of an id is kept). With
/// <see cref="ReadContext.Rows"/> it reads only those accounts' rows, skipping row groups whose statistics rule them out.
/// </summary>
internal sealed class AccountsLoader(ReadContext context) : TableLoader(DataContract.Accounts, context)
{
    private long[] _ids = [];
    private Dictionary<long, int> _rows = [];

    // With ReadContext.Rows: per slot of the wanted ids, the row its first row went to (-1 before it came), and per kept
    // row, the place of its id in the list asked for. Plain arrays instead of an id → row map (see IdPositions).
    private int[] _slotRows = [];
    private int[] _positions = [];
    private IdPositions.Finger _finger;

    protected override bool IsKey(int column) => column == 0;

    protected override bool Sliced => Context.Rows is not null || base.Sliced;

    private (string Column, long Min, long Max)? _sliceRange;

    // The follows were read first, so the wanted ids are known and fixed by now.
    protected override (string Column, long Min, long Max)? SliceRange =>
        Context.Rows is { Count: > 0 } rows ? ("account_id", rows.Min, rows.Max)
        : Context.Slice is { } slice ? _sliceRange ??= ("account_id", slice.Accounts.Min(), slice.Accounts.Max())
        : null;

    protected override int? MostSliceRows => Context.Rows?.Count ?? Context.Slice?.Accounts.Count;

    protected override void AllocateKeys(int capacity)
    {
        _ids = new long[capacity];
        if (Context.Rows is { } rows)
        {
            _slotRows = new int[rows.Count];
            Array.Fill(_slotRows, -1);
            _positions = new int[capacity];
        }
        else
        {
            _rows = new Dictionary<long, int>(capacity);
        }
    }

    protected override bool MayKeepAny(DecodedRowGroup group)
    {
        if (Context.Rows is null && Context.Slice is null)
        {
            return true;
        }

        var ids = Key(group, "account_id").Integers;
        var finger = default(IdPositions.Finger);
        for (var i = 0; i < group.Count; i++)
        {
            if (ids[i] is { } id && (Context.Rows is { } rows ? rows.Find(id, ref finger) >= 0 : Context.Slice!.Accounts.Contains(id)))
            {
                return true;
            }
        }

        return false;
    }

    protected override int SelectRows(DecodedRowGroup group, RowBatch batch)
    {
        var ids = Key(group, "account_id").Integers;
        var slice = Context.Slice;
        var wanted = Context.Rows;
        var k = batch.Cursor;
        for (var i = 0; i < batch.Count; i++)
        {
            batch.Keep[i] = false;
            if (wanted is not null)
            {
                if (ids[i] is not { } asked || wanted.Find(asked, ref _finger) is not (>= 0 and var slot))
                {
                    continue;
                }

                if (_slotRows[slot] >= 0)
                {
                    Context.Reject(batch, i, "account_id", RejectionReasons.DuplicateAccount, $"account_id {ReadContext.Format(asked)} appeared before; the first row is kept, this one dropped");
                    continue;
                }

                _slotRows[slot] = k;
                _positions[k] = wanted.Position(slot);
                batch.Keep[i] = true;
                _ids[k++] = asked;
                continue;
            }

            if (slice is not null && (ids[i] is not { } inSlice || !slice.Accounts.Contains(inSlice)))
            {
                continue;
            }

            if (ids[i] is not { } id)
            {
                Context.Reject(batch, i, "account_id", RejectionReasons.NullId, "account_id is null; row dropped");
            }
            else if (!_rows.TryAdd(id, k))
            {
                Context.Reject(batch, i, "account_id", RejectionReasons.DuplicateAccount, $"account_id {ReadContext.Format(id)} appeared before; the first row is kept, this one dropped");
            }
            else
            {
                batch.Keep[i] = true;
                _ids[k++] = id;
            }
        }

        return k - batch.Cursor;
    }

    protected override void TrimKeys(int length) => _ids = Trim(_ids, length);

    protected override ColumnSink? CreateSink(ColumnContract column, int capacity)
    {
        if (Context.Lean is not { } lean)
        {
            return base.CreateSink(column, capacity);
        }

        // The sink runs after SelectRows has written the kept ids, so the destination row names the account.
        return column.Name == "handle" ? new FilteredTextSink(column, Context, capacity, (row, handle) => lean.KeepHandle(_ids[row], handle))
            : lean.Kept.Contains(column.Name) ? base.CreateSink(column, capacity)
            : ColumnSink.HasChecks(column.Type) ? ColumnSink.Create(column, Context, capacity, discards: true)
            : null;
    }

    private Action<AccountTable, int[]>? _onChunk;

    protected override bool Chunked => _onChunk is not null;

    /// <summary>
    /// Loads a row group at a time (with <see cref="ReadContext.Rows"/> set): after each, the rows kept from it (in
    /// file order, every column as a full load has it) go to <paramref name="onChunk"/>, and the arrays are reused for
    /// the next. Nothing is built afterwards.
    /// </summary>
    /// <param name="onChunk">
    /// Receives each row group's rows and, per row, the place of its id in the list asked for; not called for a row
    /// group with none. Called in table order.
    /// </param>
    /// <param name="cancellationToken">Cancels the load.</param>
    public Task LoadInChunksAsync(Action<AccountTable, int[]> onChunk, CancellationToken cancellationToken)
    {
        _onChunk = onChunk;
        return LoadAsync(cancellationToken);
    }

    protected override int RowGroupLoaded(int cursor)
    {
        if (_onChunk is null || cursor == 0)
        {
            return cursor;
        }

        _onChunk(Build(new Chunk(this, cursor)), _positions[..cursor]);
        return 0;
    }

    /// <summary>
    /// After a load with <see cref="ReadContext.Rows"/>: the first place in the list asked for whose id had no row, or
    /// -1 when every id had one.
    /// </summary>
    /// <returns>The place, or -1.</returns>
    public int FirstMissing()
    {
        var rows = Context.Rows!;
        var first = -1;
        for (var slot = 0; slot < _slotRows.Length; slot++)
        {
            if (_slotRows[slot] < 0 && (first < 0 || rows.Position(slot) < first))
            {
                first = rows.Position(slot);
            }
        }

        return first;
    }

    /// <summary>The loaded table; also publishes the id → row map for the other tables.</summary>
    public AccountTable Build()
    {
        Context.AccountRows = _rows;
        return Build(new Loaded(this));
    }

    /// <summary>
    /// The loaded rows of the ids asked for (<see cref="ReadContext.Rows"/>), in the order asked, built column by column
    /// so that the loaded and the reordered arrays of only one column exist at a time. The loader cannot build again
    /// afterwards.
    /// </summary>
    /// <param name="accountIds">The ids asked for (the list <see cref="ReadContext.Rows"/> was built from).</param>
    /// <param name="missing">Called with an id that was not loaded; returns the exception to throw.</param>
    /// <returns>The table.</returns>
    public AccountTable BuildInOrder(IReadOnlyList<long> accountIds, Func<long, Exception> missing)
    {
        if (FirstMissing() is var first and >= 0)
        {
            throw missing(accountIds[first]);
        }

        var wanted = Context.Rows!;
        var rows = new int[accountIds.Count];
        var finger = default(IdPositions.Finger);
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = _slotRows[wanted.Find(accountIds[i], ref finger)];
        }

        _slotRows = [];
        var table = Build(new Reordered(this, rows));
        _ids = [];
        return table;
    }

    // One way of getting each column (as loaded, or reordered), so the list of columns is written once.
    private AccountTable Build(IColumns c) => new()
    {
        AccountId = c.Ids(_ids),
        Handle = c.Get<string?>("handle"),
        DisplayName = c.Get<string?>("display_name"),
        CreatedAt = c.Get<DateTime?>("created_at"),
        FollowersCount = c.Get<long?>("followers_count"),
        FollowingCount = c.Get<long?>("following_count"),
        PostsCount = c.Get<long?>("posts_count"),
        LikesGivenCount = c.Get<long?>("likes_given_count"),
        ListedCount = c.Get<long?>("listed_count"),
        Bio = c.Get<string?>("bio"),
        Location = c.Get<string?>("location"),
        Url = c.Get<string?>("url"),
        HasAvatar = c.Get<bool?>("has_avatar"),
        Verified = c.Get<bool?>("verified"),
        Protected = c.Get<bool?>("protected"),
        DefaultProfile = c.Get<bool?>("default_profile"),
        LastPostAt = c.Get<DateTime?>("last_post_at"),
        Lang = c.Get<string?>("lang"),
        Label = c.Get<AccountLabel>("label"),
        HandleLength = c.Get<int?>("handle_length"),
        HandleDigitShare = c.Get<double?>("handle_digit_share"),
        DisplayNameWords = c.Get<int?>("display_name_words"),
        DisplayNameDigitShare = c.Get<double?>("display_name_digit_share"),
        BioLength = c.Get<int?>("bio_length"),
        HasUrl = c.Get<bool?>("has_url"),
    };

    private interface IColumns
    {
        long[] Ids(long[] ids);

        T[]? Get<T>(string column);
    }

    private sealed class Loaded(AccountsLoader loader) : IColumns
    {
        public long[] Ids(long[] ids) => ids;

        public T[]? Get<T>(string column) => loader.Values<T>(column);
    }

    private sealed class Chunk(AccountsLoader loader, int count) : IColumns
    {
        public long[] Ids(long[] ids) => ids[..count];

        public T[]? Get<T>(string column) => loader.TakeFirst<T>(column, count);
    }

    private sealed class Reordered(AccountsLoader loader, int[] rows) : IColumns
    {
        public long[] Ids(long[] ids) => Pick(ids, rows);

        public T[]? Get<T>(string column) => loader.ValuesInOrder<T>(column, rows);
    }
}

/// <summary>Loads <c>follows</c>: drops null ids, self-follows, edges to unknown accounts and repeated edges.</summary>
internal sealed class FollowsLoader(ReadContext context) : TableLoader(DataContract.Follows, context)
{
    private long[] _followers = [];
    private long[] _followees = [];
    private HashSet<long> _edges = [];

    protected override bool IsKey(int column) => column <= 1;

    protected override (string Column, long Min, long Max)? SliceRange =>
        Context.Slice is { } slice ? ("followee_id", slice.AccountId, slice.AccountId) : null;

    // A slice read keeps (and rejects) only rows that follow its account.
    protected override bool MayKeepAny(DecodedRowGroup group) =>
        Context.Slice is not { } slice || Array.IndexOf(Key(group, "followee_id").Integers, slice.AccountId, 0, group.Count) >= 0;

    protected override void AllocateKeys(int capacity)
    {
        _followers = new long[capacity];
        _followees = new long[capacity];
        _edges = new HashSet<long>(Context.Slice is null ? capacity : 0);
    }

    protected override int SelectRows(DecodedRowGroup group, RowBatch batch)
    {
        var followers = Key(group, "follower_id").Integers;
        var followees = Key(group, "followee_id").Integers;
        var accounts = Context.AccountRows;
        var slice = Context.Slice;
        var k = batch.Cursor;
        for (var i = 0; i < batch.Count; i++)
        {
            batch.Keep[i] = false;
            if (slice is not null)
            {
                // A slice read takes the account's follows before its accounts: followers are checked against the
                // accounts read afterwards (DatasetReader.ReadAccountSliceAsync), and a repeated edge is a repeated follower.
                if (followees[i] == slice.AccountId && followers[i] is { } f && f != slice.AccountId && slice.Accounts.Add(f))
                {
                    batch.Keep[i] = true;
                    _followers[k] = f;
                    _followees[k] = slice.AccountId;
                    k++;
                }

                continue;
            }

            if (followers[i] is not { } follower)
            {
                Context.Reject(batch, i, "follower_id", RejectionReasons.NullId, "follower_id is null; row dropped");
            }
            else if (followees[i] is not { } followee)
            {
                Context.Reject(batch, i, "followee_id", RejectionReasons.NullId, "followee_id is null; row dropped");
            }
            else if (follower == followee)
            {
                Context.Reject(batch, i, "followee_id", RejectionReasons.SelfFollow, $"account {ReadContext.Format(follower)} follows itself; row dropped");
            }
            else if (!accounts.TryGetValue(follower, out var followerRow))
            {
                Context.Reject(batch, i, "follower_id", RejectionReasons.UnknownAccount, $"follower_id {ReadContext.Format(follower)} is not in accounts; row dropped");
            }
            else if (!accounts.TryGetValue(followee, out var followeeRow))
            {
                Context.Reject(batch, i, "followee_id", RejectionReasons.UnknownAccount, $"followee_id {ReadContext.Format(followee)} is not in accounts; row dropped");
            }
            else if (!_edges.Add(((long)followerRow << 32) | (uint)followeeRow))
            {
                // Both ids are account rows (< 2^31), so the pair packs losslessly into one long.
                Context.Reject(batch, i, "followee_id", RejectionReasons.DuplicateEdge, $"edge {ReadContext.Format(follower)} -> {ReadContext.Format(followee)} appeared before; the first row is kept, this one dropped");
            }
            else
            {
                batch.Keep[i] = true;
                _followers[k] = follower;
                _followees[k] = followee;
                k++;
            }
        }

        return k - batch.Cursor;
    }

    protected override void TrimKeys(int length)
    {
        _followers = Trim(_followers, length);
        _followees = Trim(_followees, length);
        _edges = [];
    }

    public FollowTable Build() => new()
    {
        FollowerId = _followers,
        FolloweeId = _followees,
        FollowedAt = Values<DateTime?>("followed_at"),
        FollowRank = Values<long?>("follow_rank"),
    };
}

/// <summary>Loads <c>posts</c>: drops null ids, unknown authors and repeated post ids.</summary>
internal sealed class PostsLoader(ReadContext context) : TableLoader(DataContract.Posts, context)
{
    private long[] _postIds = [];
    private long[] _authors = [];
    private HashSet<long> _seen = [];

    protected override bool IsKey(int column) => column <= 1;

    protected override (string Column, long Min, long Max)? SliceRange =>
        Context.Slice is { } slice ? ("author_id", slice.AccountId, slice.AccountId) : null;

    protected override void AllocateKeys(int capacity)
    {
        _postIds = new long[capacity];
        _authors = new long[capacity];
        _seen = new HashSet<long>(capacity);
    }

    protected override int SelectRows(DecodedRowGroup group, RowBatch batch)
    {
        var posts = Key(group, "post_id").Integers;
        var authors = Key(group, "author_id").Integers;
        var slice = Context.Slice;
        var k = batch.Cursor;
        for (var i = 0; i < batch.Count; i++)
        {
            batch.Keep[i] = false;
            if (slice is not null && authors[i] != slice.AccountId)
            {
                continue;
            }

            if (posts[i] is not { } post)
            {
                Context.Reject(batch, i, "post_id", RejectionReasons.NullId, "post_id is null; row dropped");
            }
            else if (authors[i] is not { } author)
            {
                Context.Reject(batch, i, "author_id", RejectionReasons.NullId, "author_id is null; row dropped");
            }
            else if (!Context.AccountRows.ContainsKey(author))
            {
                Context.Reject(batch, i, "author_id", RejectionReasons.UnknownAccount, $"author_id {ReadContext.Format(author)} is not in accounts; row dropped");
            }
            else if (!_seen.Add(post))
            {
                Context.Reject(batch, i, "post_id", RejectionReasons.InvalidValue, $"post_id {ReadContext.Format(post)} appeared before; the first row is kept, this one dropped");
            }
            else
            {
                batch.Keep[i] = true;
                _postIds[k] = post;
                _authors[k] = author;
                slice?.Posts.Add(post);
                k++;
            }
        }

        return k - batch.Cursor;
    }

    protected override void TrimKeys(int length)
    {
        _postIds = Trim(_postIds, length);
        _authors = Trim(_authors, length);
        _seen = [];
    }

    public PostTable Build() => new()
    {
        PostId = _postIds,
        AuthorId = _authors,
        PostedAt = Values<DateTime?>("posted_at") ?? new DateTime?[Length],
        LikeCount = Values<long?>("like_count"),
        ReplyCount = Values<long?>("reply_count"),
        RepostCount = Values<long?>("repost_count"),
        ViewCount = Values<long?>("view_count"),
    };
}

/// <summary>Loads <c>engagements</c>: drops null ids, unknown actors and kinds outside like/reply/repost/quote.</summary>
internal sealed class EngagementsLoader(ReadContext context) : TableLoader(DataContract.Engagements, context)
{
    private long[] _postIds = [];
    private long[] _actors = [];
    private EngagementKind[] _kinds = [];

    protected override bool IsKey(int column) => column <= 2;

    private (string Column, long Min, long Max)? _sliceRange;

    // The posts were read first, so the wanted post ids are known and fixed by now.
    protected override (string Column, long Min, long Max)? SliceRange =>
        Context.Slice is { Posts.Count: > 0 } slice ? _sliceRange ??= ("post_id", slice.Posts.Min(), slice.Posts.Max()) : null;

    protected override void AllocateKeys(int capacity)
    {
        _postIds = new long[capacity];
        _actors = new long[capacity];
        _kinds = new EngagementKind[capacity];
    }

    protected override int SelectRows(DecodedRowGroup group, RowBatch batch)
    {
        var posts = Key(group, "post_id").Integers;
        var actors = Key(group, "actor_id").Integers;
        var kinds = Key(group, "kind").Texts;
        var slice = Context.Slice;
        var k = batch.Cursor;
        for (var i = 0; i < batch.Count; i++)
        {
            batch.Keep[i] = false;
            if (slice is not null && (posts[i] is not { } wanted || !slice.Posts.Contains(wanted)))
            {
                continue;
            }

            if (posts[i] is not { } post)
            {
                Context.Reject(batch, i, "post_id", RejectionReasons.NullId, "post_id is null; row dropped");
            }
            else if (actors[i] is not { } actor)
            {
                Context.Reject(batch, i, "actor_id", RejectionReasons.NullId, "actor_id is null; row dropped");
            }
            else if (slice is null && !Context.AccountRows.ContainsKey(actor))
            {
                Context.Reject(batch, i, "actor_id", RejectionReasons.UnknownAccount, $"actor_id {ReadContext.Format(actor)} is not in accounts; row dropped");
            }
            else if (ParseKind(kinds[i]) is not { } kind)
            {
                var shown = kinds[i] is { } text ? $"'{text}'" : "null";
                Context.Reject(batch, i, "kind", RejectionReasons.InvalidValue, $"kind {shown} is not like, reply, repost or quote; row dropped");
            }
            else
            {
                batch.Keep[i] = true;
                _postIds[k] = post;
                _actors[k] = actor;
                _kinds[k] = kind;
                k++;
            }
        }

        return k - batch.Cursor;
    }

    protected override void TrimKeys(int length)
    {
        _postIds = Trim(_postIds, length);
        _actors = Trim(_actors, length);
        _kinds = Trim(_kinds, length);
    }

    public EngagementTable Build() => new()
    {
        PostId = _postIds,
        ActorId = _actors,
        Kind = _kinds,
        At = Values<DateTime?>("at"),
    };

    private static EngagementKind? ParseKind(string? text)
    {
        var t = text.AsSpan().Trim();
        return t.Equals("like", StringComparison.OrdinalIgnoreCase) ? EngagementKind.Like
            : t.Equals("reply", StringComparison.OrdinalIgnoreCase) ? EngagementKind.Reply
            : t.Equals("repost", StringComparison.OrdinalIgnoreCase) ? EngagementKind.Repost
            : t.Equals("quote", StringComparison.OrdinalIgnoreCase) ? EngagementKind.Quote
            : null;
    }
}

/// <summary>Loads <c>snapshots</c>: drops null or unknown accounts and missing or out-of-range observation times.</summary>
internal sealed class SnapshotsLoader(ReadContext context) : TableLoader(DataContract.Snapshots, context)
{
    private long[] _accounts = [];
    private DateTime[] _at = [];

    protected override bool IsKey(int column) => column <= 1;

    protected override (string Column, long Min, long Max)? SliceRange =>
        Context.Slice is { } slice ? ("account_id", slice.AccountId, slice.AccountId) : null;

    protected override void AllocateKeys(int capacity)
    {
        _accounts = new long[capacity];
        _at = new DateTime[capacity];
    }

    protected override int SelectRows(DecodedRowGroup group, RowBatch batch)
    {
        var accounts = Key(group, "account_id").Integers;
        var times = Key(group, "at").Times;
        var slice = Context.Slice;
        var k = batch.Cursor;
        for (var i = 0; i < batch.Count; i++)
        {
            batch.Keep[i] = false;
            if (slice is not null && accounts[i] != slice.AccountId)
            {
                continue;
            }

            if (accounts[i] is not { } account)
            {
                Context.Reject(batch, i, "account_id", RejectionReasons.NullId, "account_id is null; row dropped");
            }
            else if (!Context.AccountRows.ContainsKey(account))
            {
                Context.Reject(batch, i, "account_id", RejectionReasons.UnknownAccount, $"account_id {ReadContext.Format(account)} is not in accounts; row dropped");
            }
            else if (times[i] is not { } at)
            {
                Context.Reject(batch, i, "at", RejectionReasons.InvalidValue, "at is null; row dropped");
            }
            else if (Context.TimestampProblem(at, out var detail) is { } reason)
            {
                Context.Reject(batch, i, "at", reason, detail + "; row dropped");
            }
            else
            {
                batch.Keep[i] = true;
                _accounts[k] = account;
                _at[k] = at;
                k++;
            }
        }

        return k - batch.Cursor;
    }

    protected override void TrimKeys(int length)
    {
        _accounts = Trim(_accounts, length);
        _at = Trim(_at, length);
    }

    public SnapshotTable Build() => new()
    {
        AccountId = _accounts,
        At = _at,
        FollowersCount = Values<long?>("followers_count"),
        FollowingCount = Values<long?>("following_count"),
        PostsCount = Values<long?>("posts_count"),
    };
}
