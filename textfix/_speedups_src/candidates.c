/* The candidate index's search (lexicon.candidate_groups and candidates_by_frequency): the
 * index's records read in place, the edit distance, the hits sorted.
 *
 * Part of textfix/_speedups.c, which includes it: see there. */

/* CRC-32 as zlib computes it (the table's buckets are zlib.crc32 of each key's needle). */
static uint32_t crc_table[256];

static void
crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) {
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        crc_table[n] = c;
    }
}

static uint32_t
crc32_of(const char *data, Py_ssize_t length)
{
    uint32_t c = 0xFFFFFFFFu;
    for (Py_ssize_t i = 0; i < length; i++) {
        c = crc_table[(c ^ (unsigned char)data[i]) & 0xFF] ^ (c >> 8);
    }
    return c ^ 0xFFFFFFFFu;
}

/* The first place of `needle` (which starts with a line break) in `haystack`, or NULL. */
static const char *
find_bytes(const char *haystack, Py_ssize_t length, const char *needle, Py_ssize_t size)
{
    const char *end = haystack + length;
    const char *at = haystack;
    while (end - at >= size) {
        at = memchr(at, needle[0], (size_t)(end - at - size + 1));
        if (at == NULL) {
            return NULL;
        }
        if (memcmp(at, needle, (size_t)size) == 0) {
            return at;
        }
        at++;
    }
    return NULL;
}

/* The value of the UTF-8 `key` in a textfix.dictionaries.Table laid out in `buffer` (see
 * Table.get: the records "\nkey\tvalue" of a bucket, the bucket chosen by the needle's
 * CRC-32), read in place: `*value` and `*length` are set to the value's bytes (length -1
 * when the table has no such key). -1 with an exception set on error. */
static int
table_record(const char *buffer, Py_ssize_t size, Py_ssize_t data, uint32_t buckets,
             const char *key, Py_ssize_t key_length, const char **value, Py_ssize_t *length)
{
    char stack[64];
    char *needle = key_length + 2 <= (Py_ssize_t)sizeof(stack)
                       ? stack
                       : PyMem_Malloc((size_t)key_length + 2);
    if (needle == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    needle[0] = '\n';
    memcpy(needle + 1, key, (size_t)key_length);
    needle[key_length + 1] = '\t';
    Py_ssize_t needle_length = key_length + 2;
    uint32_t bucket = crc32_of(needle, needle_length) % buckets;
    const char *offsets = buffer + data - 4 * ((Py_ssize_t)buckets + 1);
    uint32_t from, to;
    memcpy(&from, offsets + 4 * (Py_ssize_t)bucket, 4);
    memcpy(&to, offsets + 4 * ((Py_ssize_t)bucket + 1), 4);
    int result = -1;
    Py_ssize_t begin = data + from, end = data + to;
    if (begin < 0 || end > size || begin > end) {
        PyErr_SetString(PyExc_ValueError, "a table bucket outside the table");
        goto done;
    }
    const char *at = find_bytes(buffer + begin, end - begin, needle, needle_length);
    *length = -1;
    if (at != NULL) {
        const char *start = at + needle_length;
        const char *stop = memchr(start, '\n', (size_t)(buffer + size - start));
        if (stop == NULL) {
            PyErr_SetString(PyExc_ValueError, "a table record without its line end");
            goto done;
        }
        *value = start;
        *length = stop - start;
    }
    result = 0;
done:
    if (needle != stack) {
        PyMem_Free(needle);
    }
    return result;
}

/* The next code point of the UTF-8 `*at` (valid, as the tables store it), before `end`;
 * `*at` moves past it. */
static inline uint32_t
utf8_next(const unsigned char **at, const unsigned char *end)
{
    const unsigned char *c = *at;
    uint32_t point = *c++;
    if (point >= 0x80) {
        int extra = point < 0xE0 ? 1 : (point < 0xF0 ? 2 : 3);
        point &= extra == 1 ? 0x1F : (extra == 2 ? 0x0F : 0x07);
        for (int k = 0; k < extra && c < end; k++) {
            point = (point << 6) | (*c++ & 0x3F);
        }
    }
    *at = c;
    return point;
}

/* The typed word of an OSA search: its code points, and for a word of 64 at most, the bit
 * vectors of where each letter stands in it (bit i: letter i), for Latin-1 letters in a
 * table and for the few others by search. */
typedef struct {
    const uint32_t *points;
    Py_ssize_t length;
    uint64_t latin[256];
} Pattern;

/* The pattern of `word`, its code points read into `points` (room for the word's length);
 * the bit vectors of the first 64 letters. */
static void
pattern_of(PyObject *word, uint32_t *points, Pattern *pattern)
{
    pattern->points = points;
    pattern->length = PyUnicode_GET_LENGTH(word);
    memset(pattern->latin, 0, sizeof(pattern->latin));
    int kind = PyUnicode_KIND(word);
    const void *chars = PyUnicode_DATA(word);
    for (Py_ssize_t i = 0; i < pattern->length; i++) {
        points[i] = PyUnicode_READ(kind, chars, i);
        if (points[i] < 256 && i < 64) {
            pattern->latin[points[i]] |= (uint64_t)1 << i;
        }
    }
}

static inline uint64_t
pattern_bits(const Pattern *pattern, uint32_t point)
{
    if (point < 256) {
        return pattern->latin[point];
    }
    uint64_t bits = 0;
    for (Py_ssize_t i = 0; i < pattern->length; i++) {
        bits |= (uint64_t)(pattern->points[i] == point) << i;
    }
    return bits;
}

/* The optimal string alignment distance (rapidfuzz's OSA.distance) of the pattern (1 to 64
 * letters) and the UTF-8 `text`: Hyyro's bit-parallel recurrence (2003), one step per letter
 * of the text, as rapidfuzz computes it; `cutoff` + 1 as soon as more than `cutoff` letters
 * of the text are none of the pattern's (each costs an edit of its own: no alignment
 * matches it). */
static Py_ssize_t
osa_bits(const Pattern *pattern, const unsigned char *text, const unsigned char *end,
         Py_ssize_t cutoff)
{
    uint64_t vp = pattern->length == 64 ? ~(uint64_t)0 : ((uint64_t)1 << pattern->length) - 1;
    uint64_t vn = 0, d0 = 0, pm_old = 0;
    uint64_t mask = (uint64_t)1 << (pattern->length - 1);
    Py_ssize_t distance = pattern->length, foreign = 0;
    while (text < end) {
        uint64_t pm = pattern_bits(pattern, utf8_next(&text, end));
        foreign += pm == 0;
        if (foreign > cutoff) {
            return cutoff + 1;
        }
        uint64_t tr = (((~d0) & pm) << 1) & pm_old;
        d0 = (((pm & vp) + vp) ^ vp) | pm | vn;
        d0 |= tr;
        uint64_t hp = vn | ~(d0 | vp);
        uint64_t hn = d0 & vp;
        distance += (hp & mask) != 0;
        distance -= (hn & mask) != 0;
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | ~(d0 | hp);
        vn = hp & d0;
        pm_old = pm;
    }
    return distance;
}

/* The same distance by the plain table, for a pattern of any length: `rows` has room for
 * 3 * (la + 1) cells, and `text` holds `lb` letters. */
static Py_ssize_t
osa_table(const Pattern *pattern, const unsigned char *text, const unsigned char *end,
          Py_ssize_t lb, Py_ssize_t *rows)
{
    const uint32_t *a = pattern->points;
    Py_ssize_t la = pattern->length;
    Py_ssize_t *older = rows, *above = rows + (la + 1), *row = rows + 2 * (la + 1);
    for (Py_ssize_t i = 0; i <= la; i++) {
        above[i] = i;
    }
    uint32_t previous = 0;
    for (Py_ssize_t j = 1; j <= lb; j++) {
        uint32_t b = utf8_next(&text, end);
        row[0] = j;
        for (Py_ssize_t i = 1; i <= la; i++) {
            Py_ssize_t best = above[i - 1] + (a[i - 1] != b);
            if (above[i] + 1 < best) {
                best = above[i] + 1;
            }
            if (row[i - 1] + 1 < best) {
                best = row[i - 1] + 1;
            }
            if (i > 1 && j > 1 && a[i - 1] == previous && a[i - 2] == b &&
                older[i - 2] + 1 < best) {
                best = older[i - 2] + 1;
            }
            row[i] = best;
        }
        Py_ssize_t *spare = older;
        older = above;
        above = row;
        row = spare;
        previous = b;
    }
    return above[la];
}

/* A word within reach: where it lies in the buffer, its distance, the key it is sorted by
 * first (its distance, or for the far candidates of candidates_by_frequency their group and
 * rank by frequency, 0 the commonest), and its first 8 bytes big-endian (zero after its
 * end: no word holds a NUL) to compare most pairs by. */
typedef struct {
    const char *text;
    uint64_t order;
    uint64_t head;
    int32_t length;
    int32_t distance;
} Hit;

/* By the first key, then spelling (UTF-8 byte order is code point order). */
static inline int
hit_before(const Hit *a, const Hit *b)
{
    if (a->order != b->order) {
        return a->order < b->order;
    }
    if (a->head != b->head) {
        return a->head < b->head;
    }
    if (a->length <= 8 || b->length <= 8) {
        /* Equal heads: the shorter one ends within them, where the other has a NUL too. */
        return a->length < b->length;
    }
    int32_t common = a->length < b->length ? a->length : b->length;
    int order = memcmp(a->text + 8, b->text + 8, (size_t)(common - 8));
    return order != 0 ? order < 0 : a->length < b->length;
}

static inline int
hit_same(const Hit *a, const Hit *b)
{
    return a->order == b->order && a->length == b->length && a->head == b->head &&
           (a->length <= 8 || memcmp(a->text + 8, b->text + 8, (size_t)(a->length - 8)) == 0);
}

/* Sorts `hits` by hit_before through `spare` (room for as many): a bottom-up merge sort
 * with the comparison inlined (a word has some 150 hits, and qsort's calls cost more than
 * the comparisons), from runs of 8 sorted by insertion. */
static void
sort_hits(Hit *hits, Py_ssize_t count, Hit *spare)
{
    const Py_ssize_t run = 8;
    for (Py_ssize_t low = 0; low < count; low += run) {
        Py_ssize_t high = low + run < count ? low + run : count;
        for (Py_ssize_t i = low + 1; i < high; i++) {
            Hit item = hits[i];
            Py_ssize_t j = i;
            for (; j > low && hit_before(&item, &hits[j - 1]); j--) {
                hits[j] = hits[j - 1];
            }
            hits[j] = item;
        }
    }
    Hit *from = hits, *to = spare;
    for (Py_ssize_t width = run; width < count; width *= 2) {
        for (Py_ssize_t low = 0; low < count; low += 2 * width) {
            Py_ssize_t middle = low + width < count ? low + width : count;
            Py_ssize_t high = low + 2 * width < count ? low + 2 * width : count;
            Py_ssize_t i = low, j = middle, k = low;
            while (i < middle && j < high) {
                to[k++] = hit_before(&from[j], &from[i]) ? from[j++] : from[i++];
            }
            while (i < middle) {
                to[k++] = from[i++];
            }
            while (j < high) {
                to[k++] = from[j++];
            }
        }
        Hit *swap = from;
        from = to;
        to = swap;
    }
    if (from != hits) {
        memcpy(hits, from, sizeof(Hit) * (size_t)count);
    }
}

/* The keys of lexicon._deletes(points[:length], depth): the strings `length` code points
 * long at most with up to `depth` of them deleted, never deleting a string's last one,
 * each once, as UTF-8 in `keys` (room for `room` keys of 4 * length bytes at `key_size`
 * apart); how many. `chosen` marks the deleted points. */
static Py_ssize_t
delete_keys(const uint32_t *points, Py_ssize_t length, Py_ssize_t depth, char *keys,
            Py_ssize_t *key_lengths, Py_ssize_t key_size, Py_ssize_t count, Py_ssize_t from,
            char *chosen)
{
    /* This subset's string, unless an earlier subset made the same one. */
    char *key = keys + count * key_size;
    Py_ssize_t size = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        if (chosen[i]) {
            continue;
        }
        uint32_t c = points[i];
        if (c < 0x80) {
            key[size++] = (char)c;
        }
        else if (c < 0x800) {
            key[size++] = (char)(0xC0 | (c >> 6));
            key[size++] = (char)(0x80 | (c & 0x3F));
        }
        else if (c < 0x10000) {
            key[size++] = (char)(0xE0 | (c >> 12));
            key[size++] = (char)(0x80 | ((c >> 6) & 0x3F));
            key[size++] = (char)(0x80 | (c & 0x3F));
        }
        else {
            key[size++] = (char)(0xF0 | (c >> 18));
            key[size++] = (char)(0x80 | ((c >> 12) & 0x3F));
            key[size++] = (char)(0x80 | ((c >> 6) & 0x3F));
            key[size++] = (char)(0x80 | (c & 0x3F));
        }
    }
    int fresh = 1;
    for (Py_ssize_t k = 0; k < count && fresh; k++) {
        fresh = key_lengths[k] != size || memcmp(keys + k * key_size, key, (size_t)size) != 0;
    }
    if (fresh) {
        key_lengths[count++] = size;
    }
    if (depth == 0) {
        return count;
    }
    Py_ssize_t left = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        left += !chosen[i];
    }
    if (left <= 1) {
        return count;
    }
    for (Py_ssize_t i = from; i < length; i++) {
        chosen[i] = 1;
        count = delete_keys(points, length, depth - 1, keys, key_lengths, key_size, count,
                            i + 1, chosen);
        chosen[i] = 0;
    }
    return count;
}

/* The bucket's rank of word `k` ("low;starts;W" + W-character ranks, each character from
 * '0' on standing for 6 bits, most significant first), or -1 when the bucket has none. */
static inline int64_t
bucket_rank(const char *ranks, Py_ssize_t ranks_length, Py_ssize_t k)
{
    if (ranks == NULL || ranks_length < 1) {
        return -1;
    }
    Py_ssize_t width = ranks[0] - '0';
    if (width < 1 || 1 + (k + 1) * width > ranks_length) {
        return -1;
    }
    int64_t rank = 0;
    for (Py_ssize_t i = 0; i < width; i++) {
        rank = (rank << 6) | ((ranks[1 + k * width + i] - '0') & 0x3F);
    }
    return rank;
}

/* candidate_groups(buffer, data, buckets, word, prefix_length, max_distance, by_frequency)
 *
 * lexicon.candidate_groups from the candidate index's layout (a Table in `buffer`, its
 * records from `data` on, in `buckets` buckets): the words of the buckets of the deletes of
 * the word's first `prefix_length` letters, of the lengths within `max_distance` of the
 * word's, those within `max_distance` of `word` (optimal string alignment, as rapidfuzz's
 * OSA), grouped by their distance, each group distinct and in spelling order: a tuple of
 * max_distance + 1 tuples of str. Only the hits become str: the rest are read in the buffer.
 *
 * With `by_frequency`, (near, far) as spelling._split_candidates makes them: the groups of
 * distance 0 and 1 one after the other, and the rest from the commonest down by the ranks
 * the index stores (ties in the order of the groups). */
static PyObject *
candidate_groups(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *source, *word;
    Py_ssize_t data, prefix_length, max_distance;
    unsigned int buckets;
    int by_frequency;
    if (!PyArg_ParseTuple(args, "OnIUnnp", &source, &data, &buckets, &word, &prefix_length,
                          &max_distance, &by_frequency)) {
        return NULL;
    }
    if (buckets < 1) {
        PyErr_SetString(PyExc_ValueError, "a table has one bucket at least");
        return NULL;
    }
    if (max_distance < 0 || prefix_length < 0) {
        PyErr_SetString(PyExc_ValueError, "a distance or length is not negative");
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(source, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    PyObject *result = NULL;
    Hit *hits = NULL, *spare = NULL;
    Py_ssize_t hit_count = 0, hit_room = 0;
    uint32_t *typed = NULL;
    Py_ssize_t *rows = NULL, *key_lengths = NULL;
    char *keys = NULL, *chosen = NULL;
    Py_ssize_t typed_length = PyUnicode_GET_LENGTH(word);
    Py_ssize_t shortest = typed_length - max_distance, longest = typed_length + max_distance;
    if (data - 4 * ((Py_ssize_t)buckets + 1) < 0 || data > view.len) {
        PyErr_SetString(PyExc_ValueError, "not a table layout");
        goto done;
    }
    typed = PyMem_Malloc(sizeof(uint32_t) * (size_t)(typed_length + 1));
    rows = PyMem_Malloc(sizeof(Py_ssize_t) * 3 * (size_t)(typed_length + 1));
    if (typed == NULL || rows == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Pattern pattern;
    pattern_of(word, typed, &pattern);
    int by_bits = typed_length >= 1 && typed_length <= 64;
    /* The keys: at most sum(C(n, d) for d <= depth) of them, n the prefix's length. */
    Py_ssize_t prefix = typed_length < prefix_length ? typed_length : prefix_length;
    Py_ssize_t depth = max_distance < prefix ? max_distance : prefix;
    Py_ssize_t most = 0, choose = 1;
    for (Py_ssize_t d = 0; d <= depth; d++) {
        most += choose;
        choose = choose * (prefix - d) / (d + 1);
    }
    /* Each subset is written once before its test; the last slot is scratch for it. */
    Py_ssize_t key_size = 4 * prefix + 1;
    keys = PyMem_Malloc((size_t)((most + 1) * key_size));
    key_lengths = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(most + 1));
    chosen = PyMem_Calloc((size_t)prefix + 1, 1);
    if (keys == NULL || key_lengths == NULL || chosen == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t key_count =
        delete_keys(typed, prefix, max_distance, keys, key_lengths, key_size, 0, 0, chosen);
    for (Py_ssize_t key_at = 0; key_at < key_count; key_at++) {
        const char *value = NULL;
        Py_ssize_t value_length = -1;
        if (table_record(view.buf, view.len, data, buckets, keys + key_at * key_size,
                         key_lengths[key_at], &value, &value_length) < 0) {
            goto done;
        }
        if (value_length <= 0) {
            continue;
        }
        const char *bar = memchr(value, '|', (size_t)value_length);
        if (bar == NULL) {
            PyErr_SetString(PyExc_ValueError, "an index bucket without its word list");
            goto done;
        }
        /* "low;starts;ranks|words": the ranks after the head's second semicolon. */
        const char *ranks = NULL;
        Py_ssize_t ranks_length = 0;
        const char *semicolon = memchr(value, ';', (size_t)(bar - value));
        if (semicolon != NULL) {
            semicolon = memchr(semicolon + 1, ';', (size_t)(bar - semicolon - 1));
        }
        if (semicolon != NULL) {
            ranks = semicolon + 1;
            ranks_length = bar - ranks;
        }
        /* The words, shortest first: those of shortest to longest letters (letters are
         * code points: the UTF-8 bytes that start one). */
        const char *at = bar + 1, *end = value + value_length;
        for (Py_ssize_t k = 0; at < end; k++) {
            /* One pass to the word's end, counting its letters, and those of its ASCII
             * letters that the typed word has nowhere (each costs an edit: see osa_bits). */
            const char *stop = at;
            Py_ssize_t letters = 0, foreign = 0;
            for (; stop < end && *stop != ' '; stop++) {
                unsigned char c = (unsigned char)*stop;
                letters += (c & 0xC0) != 0x80;
                foreign += c < 0x80 && pattern.latin[c] == 0;
            }
            Py_ssize_t bytes = stop - at;
            if (letters > longest) {
                break;
            }
            if (letters >= shortest && (!by_bits || foreign <= max_distance)) {
                const unsigned char *from = (const unsigned char *)at;
                const unsigned char *to = (const unsigned char *)stop;
                Py_ssize_t gap = letters > typed_length ? letters - typed_length
                                                        : typed_length - letters;
                Py_ssize_t distance =
                    gap > max_distance
                        ? max_distance + 1
                        : (by_bits ? osa_bits(&pattern, from, to, max_distance)
                                   : (letters == 0 ? typed_length
                                                   : osa_table(&pattern, from, to, letters,
                                                               rows)));
                if (distance <= max_distance) {
                    /* The far ones of candidates_by_frequency after the near ones, by rank,
                     * then distance (ranks are below 2 ** 36: six 6-bit characters at most;
                     * distances below 2 ** 20: the words are shorter). */
                    uint64_t order = (uint64_t)distance;
                    if (by_frequency && distance >= 2) {
                        int64_t rank = bucket_rank(ranks, ranks_length, k);
                        if (rank < 0) {
                            PyErr_SetString(PyExc_ValueError, "an index bucket without ranks");
                            goto done;
                        }
                        order = ((uint64_t)1 << 62) | ((uint64_t)rank << 20) | (uint64_t)distance;
                    }
                    if (hit_count == hit_room) {
                        hit_room = hit_room ? 2 * hit_room : 256;
                        Hit *grown = PyMem_Realloc(hits, sizeof(Hit) * (size_t)hit_room);
                        if (grown == NULL) {
                            PyErr_NoMemory();
                            goto done;
                        }
                        hits = grown;
                    }
                    Hit *hit = &hits[hit_count++];
                    hit->text = at;
                    hit->length = (int32_t)bytes;
                    hit->distance = (int32_t)distance;
                    hit->order = order;
                    uint64_t head = 0;
                    for (Py_ssize_t i = 0; i < 8; i++) {
                        head = (head << 8) | (i < bytes ? (unsigned char)at[i] : 0);
                    }
                    hit->head = head;
                }
            }
            at = stop + 1;
        }
    }
    spare = PyMem_Malloc(sizeof(Hit) * (size_t)(hit_count + 1));
    if (spare == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    sort_hits(hits, hit_count, spare);
    /* Distinct, in place. */
    Py_ssize_t distinct = 0;
    for (Py_ssize_t k = 0; k < hit_count; k++) {
        if (distinct == 0 || !hit_same(&hits[distinct - 1], &hits[k])) {
            hits[distinct++] = hits[k];
        }
    }
    Py_ssize_t groups = by_frequency ? 2 : max_distance + 1;
    /* Where each group starts in `hits`, and ends (the last one: at `distinct`). */
    result = PyTuple_New(groups);
    if (result == NULL) {
        goto done;
    }
    Py_ssize_t at = 0;
    for (Py_ssize_t group = 0; group < groups; group++) {
        Py_ssize_t first = at;
        Py_ssize_t last_distance = by_frequency ? (group == 0 ? 1 : max_distance) : group;
        while (at < distinct && hits[at].distance <= last_distance) {
            at++;
        }
        PyObject *items = PyTuple_New(at - first);
        if (items == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyTuple_SET_ITEM(result, group, items);
        for (Py_ssize_t k = first; k < at; k++) {
            PyObject *text = PyUnicode_DecodeUTF8(hits[k].text, hits[k].length, NULL);
            if (text == NULL) {
                Py_CLEAR(result);
                goto done;
            }
            PyTuple_SET_ITEM(items, k - first, text);
        }
    }
done:
    PyMem_Free(hits);
    PyMem_Free(spare);
    PyMem_Free(typed);
    PyMem_Free(rows);
    PyMem_Free(keys);
    PyMem_Free(key_lengths);
    PyMem_Free(chosen);
    PyBuffer_Release(&view);
    return result;
}
