/* The bigram dict's word pairs: their key and hash, the Bloom filter and the table in front
 * of the dict, and the counts read from them.
 *
 * Part of textfix/_speedups.c, which includes it: see there. */

/* "a b": the key of a word pair in the bigram dict. */
static PyObject *
pair_key(PyObject *a, PyObject *b)
{
    Py_ssize_t la = PyUnicode_GET_LENGTH(a);
    Py_ssize_t lb = PyUnicode_GET_LENGTH(b);
    if (PyUnicode_IS_ASCII(a) && PyUnicode_IS_ASCII(b)) {
        PyObject *key = PyUnicode_New(la + 1 + lb, 127);
        if (key == NULL) {
            return NULL;
        }
        Py_UCS1 *out = PyUnicode_1BYTE_DATA(key);
        memcpy(out, PyUnicode_1BYTE_DATA(a), (size_t)la);
        out[la] = ' ';
        memcpy(out + la + 1, PyUnicode_1BYTE_DATA(b), (size_t)lb);
        return key;
    }
    return PyUnicode_FromFormat("%U %U", a, b);
}

/* The bigram dict, and a Bloom filter of its keys in front of it.
 *
 * Most pairs the rule asks about are missing (a candidate beside the typed word's
 * neighbours), and a missing key of a dict of a quarter of a million pairs costs several
 * cache misses (the index, the entries it probes). The filter answers most of them from a few
 * hundred kilobytes: blocked (the bits of a key lie in one 64-byte block, so a query reads one
 * cache line), about 12 bits and 6 probes a key, so about one missing pair in a hundred still
 * reaches the dict. It is keyed on a hash of the pair's characters computed from the two
 * words in place, so a missing pair costs no key string. A filter never says a present key
 * is missing: the answers are the dict's.
 *
 * A pair the filter lets through is then looked up in a table of its own, not in the dict: a
 * present key of the dict costs three cache misses or so (the index, the entry, the key
 * string that is compared), plus the key string made for the lookup and its hash, while a
 * slot of the table holds the pair's 64-bit hash and the dict's count, so one cache line
 * answers (and the count's object is not read either). The table tells keys apart by that
 * hash alone. Building it checks that no two keys
 * of the dict share one (if two did, the table is not used and the dict answers); a pair
 * that is no key would be taken for one only if its hash equalled a key's, about one chance
 * in 2^62 per lookup, far below any other source of error here (16 bytes a key: some 8 MB
 * for the English bigrams). It is built only when every count is a nonzero int (then a pair
 * found is attested, and its value is all the chooser reads of it).
 */
typedef struct {
    uint64_t hash; /* the key's pair hash (never 0: see slot_tag); 0 for an empty slot */
    double count;  /* the dict's value for the key, as PyFloat_AsDouble reads it */
} PairSlot;

typedef struct {
    PyObject *dict;
    uint64_t *bits;   /* blocks * 8 words */
    size_t blocks;
    PairSlot *slots;  /* open addressing by the pair hash, or NULL: the dict answers */
    size_t mask;      /* slots - 1 (a power of two) */
    int shift;        /* 64 - log2(slots): a hash's home slot is its top bits */
    int all_truthy;   /* every count is a nonzero int: a pair found is attested */
} Pairs;

#define PAIR_BITS_PER_KEY 12
#define PAIR_PROBES 6

static inline size_t
pair_block(const Pairs *pairs, uint64_t hash)
{
    return (size_t)(((hash & 0xffffffffu) * (uint64_t)pairs->blocks) >> 32);
}

/* FNV-1a over code points, for the filter: the same value for "a b" whether it is read from
 * one key string or from the two words. */
#define FNV_OFFSET 0xcbf29ce484222325u
#define FNV_PRIME 0x100000001b3u

static inline uint64_t
fnv_add(uint64_t hash, PyObject *text)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND) {
        const Py_UCS1 *data = PyUnicode_1BYTE_DATA(text);
        for (Py_ssize_t i = 0; i < length; i++) {
            hash = (hash ^ data[i]) * FNV_PRIME;
        }
        return hash;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < length; i++) {
        hash = (hash ^ PyUnicode_READ(kind, data, i)) * FNV_PRIME;
    }
    return hash;
}

/* The finaliser of MurmurHash3: every bit of the result depends on every bit of the input. */
static inline uint64_t
mix(uint64_t hash)
{
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdu;
    hash ^= hash >> 33;
    hash *= 0xc4ceb9fe1a85ec53u;
    hash ^= hash >> 33;
    return hash;
}

static inline uint64_t
pair_hash(PyObject *a, PyObject *b)
{
    uint64_t hash = fnv_add(FNV_OFFSET, a);
    hash = (hash ^ (uint64_t)' ') * FNV_PRIME;
    return mix(fnv_add(hash, b));
}

/* The probes' bit positions within a block (0..511) come from a remix of the hash. */
static inline uint64_t
pair_probes(uint64_t hash)
{
    return (hash >> 32 | hash << 32) * 0x9E3779B97F4A7C15u;
}

/* The size of an open-addressing table for `count` keys, at most three in four slots full:
 * the number of slots, a power of two, and 64 - its log2 (the shift giving a hash's top bits). */
static size_t
table_size(Py_ssize_t count, int *shift)
{
    size_t size = 16;
    int bits = 4;
    while (size < (size_t)count + (size_t)count / 3 + 1) {
        size <<= 1;
        bits++;
    }
    *shift = 64 - bits;
    return size;
}

/* A key's mark in the table: its hash, with 0 kept for an empty slot. */
static inline uint64_t
slot_tag(uint64_t hash)
{
    return hash != 0 ? hash : 1;
}

/* Builds pairs->slots from the dict (its keys are known to be str); NULL slots when two keys
 * share a hash (the dict then answers every lookup). -1 with an exception set on error. */
static int
pairs_fill_slots(Pairs *pairs, PyObject *dict)
{
    size_t size = table_size(PyDict_GET_SIZE(dict), &pairs->shift);
    PairSlot *slots = PyMem_Calloc(size, sizeof(PairSlot));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    pairs->mask = size - 1;
    Py_ssize_t position = 0;
    PyObject *key, *value;
    while (PyDict_Next(dict, &position, &key, &value)) {
        uint64_t tag = slot_tag(mix(fnv_add(FNV_OFFSET, key)));
        size_t at = (size_t)(tag >> pairs->shift);
        while (slots[at].hash != 0) {
            if (slots[at].hash == tag) {
                /* Two keys one hash: the table could not tell them apart. */
                PyMem_Free(slots);
                pairs->slots = NULL;
                return 0;
            }
            at = (at + 1) & pairs->mask;
        }
        double count = PyLong_AsDouble(value);
        if (count == -1.0 && PyErr_Occurred()) {
            /* Too large for a double: the dict answers, and the chooser raises as before. */
            PyErr_Clear();
            PyMem_Free(slots);
            pairs->slots = NULL;
            return 0;
        }
        slots[at].hash = tag;
        slots[at].count = count;
    }
    pairs->slots = slots;
    return 0;
}

/* `table`: whether to build the table (else the dict answers the pairs the filter lets
 * through; the tests compare the two). */
static int
pairs_init(Pairs *pairs, PyObject *dict, int table)
{
    Py_ssize_t count = PyDict_GET_SIZE(dict);
    size_t blocks = ((size_t)count * PAIR_BITS_PER_KEY + 511) / 512;
    pairs->blocks = blocks > 0 ? blocks : 1;
    pairs->bits = PyMem_Calloc(pairs->blocks * 8, sizeof(uint64_t));
    if (pairs->bits == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t position = 0;
    PyObject *key, *value;
    pairs->all_truthy = 1;
    while (PyDict_Next(dict, &position, &key, &value)) {
        if (pairs->all_truthy && !(PyLong_CheckExact(value) && PyObject_IsTrue(value) == 1)) {
            pairs->all_truthy = 0;
        }
        if (!PyUnicode_Check(key)) {
            PyMem_Free(pairs->bits);
            pairs->bits = NULL;
            PyErr_SetString(PyExc_TypeError, "bigram keys must be str");
            return -1;
        }
        uint64_t hash = mix(fnv_add(FNV_OFFSET, key));
        uint64_t *block = pairs->bits + pair_block(pairs, hash) * 8;
        uint64_t probes = pair_probes(hash);
        for (int i = 0; i < PAIR_PROBES; i++, probes >>= 9) {
            block[(probes & 511) >> 6] |= (uint64_t)1 << (probes & 63);
        }
    }
    if (table && pairs->all_truthy && pairs_fill_slots(pairs, dict) < 0) {
        PyMem_Free(pairs->bits);
        pairs->bits = NULL;
        return -1;
    }
    Py_INCREF(dict);
    pairs->dict = dict;
    return 0;
}

static void
pairs_clear(Pairs *pairs)
{
    Py_CLEAR(pairs->dict);
    PyMem_Free(pairs->bits);
    pairs->bits = NULL;
    PyMem_Free(pairs->slots);
    pairs->slots = NULL;
}

/* Whether the filter lets a key with this hash through to the dict. */
static inline int
pairs_may_hold(const Pairs *pairs, uint64_t hash)
{
    const uint64_t *block = pairs->bits + pair_block(pairs, hash) * 8;
    uint64_t probes = pair_probes(hash);
    for (int i = 0; i < PAIR_PROBES; i++, probes >>= 9) {
        if (!(block[(probes & 511) >> 6] & ((uint64_t)1 << (probes & 63)))) {
            return 0;
        }
    }
    return 1;
}

/* A pair's count as the chooser reads it: `object` is Py_None for a pair the dict does not
 * hold, the dict's count (borrowed: the chooser holds the dict and nobody changes it) when
 * the dict answered, or NULL when the table did, with the count's value in `value`. */
typedef struct {
    PyObject *object;
    double value;
} Count;

static inline Count
count_of(PyObject *object)
{
    return (Count){object, 0.0};
}

/* bigrams.get(f"{a} {b}") into *out; -1 on error. Borrowed, because taking a reference would
 * write to the count's object, one more cache miss for a pair that is only tested. */
static int
pair_count(const Pairs *pairs, PyObject *a, PyObject *b, Count *out)
{
    uint64_t hash = pair_hash(a, b);
    *out = count_of(Py_None);
    if (!pairs_may_hold(pairs, hash)) {
        return 0;
    }
    if (pairs->slots != NULL) {
        uint64_t tag = slot_tag(hash);
        size_t at = (size_t)(tag >> pairs->shift);
        for (;;) {
            const PairSlot *slot = pairs->slots + at;
            if (slot->hash == tag) {
                *out = (Count){NULL, slot->count};
                return 0;
            }
            if (slot->hash == 0) {
                return 0;
            }
            at = (at + 1) & pairs->mask;
        }
    }
    PyObject *key = pair_key(a, b);
    if (key == NULL) {
        return -1;
    }
    PyObject *found = PyDict_GetItemWithError(pairs->dict, key);
    Py_DECREF(key);
    if (found == NULL) {
        return PyErr_Occurred() ? -1 : 0;
    }
    *out = count_of(found);
    return 0;
}

/* Whether a count attests the pair (`if count:`); -1 on error. */
static int
pair_truth(const Pairs *pairs, Count count)
{
    if (count.object == Py_None) {
        return 0;
    }
    if (count.object == NULL || pairs->all_truthy) {
        return 1;  /* the table holds only nonzero ints */
    }
    return PyObject_IsTrue(count.object);
}

/* float(count) into *out; -1 on error. */
static int
count_value(Count count, double *out)
{
    if (count.object == NULL) {
        *out = count.value;
        return 0;
    }
    double value = PyFloat_AsDouble(count.object);
    if (value == -1.0 && PyErr_Occurred()) {
        return -1;
    }
    *out = value;
    return 0;
}
