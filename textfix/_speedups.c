/* Compiled inner loops: of the typo rules, the analysis's columns (word_columns, for
 * textfix.rules.typos.analyse), the real-word rule's loop and chooser (realword_decisions and
 * Chooser, for typos.fix_realwords and textfix.spelling.realword_chooser), the channel
 * model's weighted alignment (alignment_cost, for spelling.channel_cost) and the candidate
 * index's search (candidate_groups, for textfix.lexicon.candidate_groups and
 * candidates_by_frequency), the sound key, the seen forms one edit away and the -s siblings
 * of the non-word rule; and the language detector's scoring (language_scores, for
 * textfix.language._detect).
 *
 * Optional: the package works without this module (textfix.speedups falls back to the plain
 * Python paths), and both paths give the same results, float for float. The arithmetic
 * below follows the Python code's operations in the same order, in doubles, and the build
 * turns off fused multiply-add contraction (-ffp-contract=off) so that every sum rounds as
 * Python's does. tests/test_speedups.py compares the two paths.
 *
 * Why C: a clean English text asks the real-word rule about every other word, and per word
 * the work is a few set and dict lookups; in Python most of that cost was the interpreter
 * walking the loop, not the lookups. What is left is mostly the lookups' cache misses: the
 * tables are far larger than the caches.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

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

/* `key in container`, in C for the sets the callers pass (any container works). */
static int
contains(PyObject *container, PyObject *key)
{
    if (PyAnySet_Check(container)) {
        return PySet_Contains(container, key);
    }
    return PySequence_Contains(container, key);
}

/* A word's truth as the Python code tests it (`if prev:`), for str or None. */
static int
present(PyObject *word)
{
    return word != Py_None && PyUnicode_GET_LENGTH(word) > 0;
}

/* The chooser: spelling.realword_chooser's closure, with the same parameters. */
typedef struct {
    PyObject_HEAD
    Pairs pairs;           /* the bigram dict: "a b" -> count */
    PyObject *frequencies; /* dict: word -> Zipf frequency */
    PyObject *verdict;     /* the Python function that scores the fitting candidates */
    double log_total, log_floor, lift_limit;
    double min_gain, min_gain_one_side, frequency_weight, temperature, lead_margin;
    double min_edit_cost, prior, prior_both, cost_first_letter;
} Chooser;

static int
Chooser_traverse(Chooser *self, visitproc visit, void *arg)
{
    Py_VISIT(self->pairs.dict);
    Py_VISIT(self->frequencies);
    Py_VISIT(self->verdict);
    return 0;
}

static int
Chooser_clear(Chooser *self)
{
    pairs_clear(&self->pairs);
    Py_CLEAR(self->frequencies);
    Py_CLEAR(self->verdict);
    return 0;
}

static void
Chooser_dealloc(Chooser *self)
{
    PyObject_GC_UnTrack(self);
    Chooser_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
Chooser_init(Chooser *self, PyObject *args, PyObject *kwds)
{
    static char *names[] = {"bigrams", "frequencies", "verdict", "log_total", "log_floor",
                            "lift_limit", "min_gain", "min_gain_one_side", "frequency_weight",
                            "temperature", "lead_margin", "min_edit_cost", "prior",
                            "prior_both", "cost_first_letter", "table", NULL};
    PyObject *bigrams, *frequencies, *verdict;
    int table = 1;
    if (!PyArg_ParseTupleAndKeywords(
            args, kwds, "O!O!Odddddddddddd|$p", names, &PyDict_Type, &bigrams, &PyDict_Type,
            &frequencies, &verdict, &self->log_total, &self->log_floor, &self->lift_limit,
            &self->min_gain, &self->min_gain_one_side, &self->frequency_weight,
            &self->temperature, &self->lead_margin, &self->min_edit_cost, &self->prior,
            &self->prior_both, &self->cost_first_letter, &table)) {
        return -1;
    }
    if (!PyCallable_Check(verdict)) {
        PyErr_SetString(PyExc_TypeError, "verdict must be callable");
        return -1;
    }
    pairs_clear(&self->pairs);
    if (pairs_init(&self->pairs, bigrams, table) < 0) {
        return -1;
    }
    Py_INCREF(frequencies);
    Py_INCREF(verdict);
    Py_XSETREF(self->frequencies, frequencies);
    Py_XSETREF(self->verdict, verdict);
    return 0;
}

/* frequencies.get(word, 0.0) as a double in *out; -1 with an exception set on error. */
static int
zipf(Chooser *self, PyObject *word, double *out)
{
    PyObject *found = PyDict_GetItemWithError(self->frequencies, word);
    if (found == NULL) {
        if (PyErr_Occurred()) {
            return -1;
        }
        *out = 0.0;
        return 0;
    }
    double value = PyFloat_AsDouble(found);
    if (value == -1.0 && PyErr_Occurred()) {
        return -1;
    }
    *out = value;
    return 0;
}

/* realword_chooser's lift_from: the lift of a pair from both words' frequencies and its
 * count (`count` is the pair's count when `attested`). */
static int
lift_from(Chooser *self, double za, double zb, Count count, int attested, double *out)
{
    if (za <= 0.0 || zb <= 0.0) {
        *out = 0.0;
        return 0;
    }
    double expected = self->log_total + (za - 9.0) + (zb - 9.0);
    double value;
    if (attested) {
        double raw;
        if (count_value(count, &raw) < 0) {
            return -1;
        }
        value = log10(raw) - expected;
        value = value < self->lift_limit ? value : self->lift_limit;
    }
    else {
        value = self->log_floor - expected;
        value = value < 0.0 ? value : 0.0;
    }
    double lowest = -self->lift_limit;
    *out = value > lowest ? value : lowest;
    return 0;
}

/* The counts of (prev, candidate) (left) or (candidate, next) (right) for every candidate,
 * borrowed, into `counts`; sets *any to whether one of them is attested. */
static int
side_counts(const Pairs *pairs, PyObject *candidates, PyObject *word, int left, Count *counts,
            int *any)
{
    Py_ssize_t n = PyTuple_GET_SIZE(candidates);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *other = PyTuple_GET_ITEM(candidates, i);
        if (!PyUnicode_Check(other)) {
            PyErr_SetString(PyExc_TypeError, "candidates must be str");
            return -1;
        }
        Count *found = counts + i;
        if ((left ? pair_count(pairs, word, other, found) : pair_count(pairs, other, word, found)) <
            0) {
            return -1;
        }
        int attested = pair_truth(pairs, *found);
        if (attested < 0) {
            return -1;
        }
        *any |= attested;
    }
    return 0;
}

/* The decision for `typed` between `prev` and `next` (str, or None for no neighbour that
 * counts): None, or what the verdict function gives. `before_given` and `after_given` are
 * the pair counts of (prev, typed) and (typed, next) when given (else NULL: looked up here). */
static PyObject *
choose(Chooser *self, PyObject *typed, PyObject *prev, PyObject *next, double misfit,
       PyObject *candidates, double min_confidence, const Count *before_given,
       const Count *after_given)
{
    Py_ssize_t n = PyTuple_GET_SIZE(candidates);
    if (n == 0) {
        Py_RETURN_NONE;
    }
    int has_prev = present(prev), has_next = present(next);
    Count before_typed = count_of(Py_None), after_typed = count_of(Py_None);
    Count stack[32];
    Count *sides = n <= 16 ? stack : PyMem_Malloc(sizeof(Count) * 2 * (size_t)n);
    Count *left = NULL, *right = NULL;
    PyObject *fitting = NULL, *result = NULL;
    if (sides == NULL) {
        return PyErr_NoMemory();
    }
    if (before_given == NULL) {
        if (has_prev && pair_count(&self->pairs, prev, typed, &before_typed) < 0) {
            goto done;
        }
        if (has_next && pair_count(&self->pairs, typed, next, &after_typed) < 0) {
            goto done;
        }
    }
    else {
        before_typed = *before_given;
        after_typed = *after_given;
    }
    int before_attested = pair_truth(&self->pairs, before_typed);
    int after_attested = pair_truth(&self->pairs, after_typed);
    if (before_attested < 0 || after_attested < 0) {
        goto done;
    }
    if (misfit == 0.0 && before_attested && after_attested) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    int any_left = 0, any_right = 0;
    if (has_prev) {
        left = sides;
        if (side_counts(&self->pairs, candidates, prev, 1, left, &any_left) < 0) {
            goto done;
        }
    }
    if (has_next) {
        right = sides + n;
        if (side_counts(&self->pairs, candidates, next, 0, right, &any_right) < 0) {
            goto done;
        }
    }
    if (!any_left && !any_right) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    double gain_needed = has_prev && has_next ? self->min_gain : self->min_gain_one_side;
    double z_prev = 0.0, z_next = 0.0, z_typed = 0.0;
    if (has_prev && zipf(self, prev, &z_prev) < 0) {
        goto done;
    }
    if (has_next && zipf(self, next, &z_next) < 0) {
        goto done;
    }
    fitting = PyList_New(0);
    if (fitting == NULL) {
        goto done;
    }
    int contender = !(0.0 < min_confidence && min_confidence < 1.0);
    double needed = 0.0, own = 0.0;
    int have_own = 0;
    /* other[:1] != typed[:1], with -1 for an empty word */
    long typed_first = PyUnicode_GET_LENGTH(typed) ? (long)PyUnicode_READ_CHAR(typed, 0) : -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *other = PyTuple_GET_ITEM(candidates, i);
        Count count_left = left != NULL ? left[i] : count_of(Py_None);
        Count count_right = right != NULL ? right[i] : count_of(Py_None);
        int on_left = pair_truth(&self->pairs, count_left);
        int on_right = pair_truth(&self->pairs, count_right);
        if (on_left < 0 || on_right < 0) {
            goto done;
        }
        if (!(on_left || on_right)) {
            continue;
        }
        if (!have_own) {
            double lift_before, lift_after;
            if (zipf(self, typed, &z_typed) < 0 ||
                lift_from(self, z_prev, z_typed, before_typed, before_attested, &lift_before) < 0 ||
                lift_from(self, z_typed, z_next, after_typed, after_attested, &lift_after) < 0) {
                goto done;
            }
            own = lift_before + lift_after - misfit;
            have_own = 1;
            if (!contender) {
                needed = self->frequency_weight * z_typed + own +
                         self->temperature * log10(min_confidence / (1.0 - min_confidence)) -
                         self->lead_margin;
            }
        }
        double z_other, before, after;
        if (zipf(self, other, &z_other) < 0 ||
            lift_from(self, z_prev, z_other, count_left, on_left, &before) < 0) {
            goto done;
        }
        if (!on_right) {
            if (before - own < gain_needed) {
                continue;
            }
            if (lift_from(self, z_other, z_next, count_right, on_right, &after) < 0) {
                goto done;
            }
        }
        else {
            if (lift_from(self, z_other, z_next, count_right, on_right, &after) < 0) {
                goto done;
            }
            if (!on_left && after - own < gain_needed) {
                continue;
            }
        }
        double fit = before + after;
        if (fit - own < gain_needed) {
            continue;
        }
        int both = on_left && on_right;
        PyObject *entry = Py_BuildValue("(OddO)", other, z_other, fit, both ? Py_True : Py_False);
        if (entry == NULL) {
            goto done;
        }
        int failed = PyList_Append(fitting, entry);
        Py_DECREF(entry);
        if (failed) {
            goto done;
        }
        if (!contender) {
            double floor_cost = self->min_edit_cost + (both ? self->prior_both : self->prior);
            long other_first =
                PyUnicode_GET_LENGTH(other) ? (long)PyUnicode_READ_CHAR(other, 0) : -1;
            if (other_first != typed_first) {
                floor_cost += self->cost_first_letter;
            }
            contender = self->frequency_weight * z_other + fit - floor_cost >= needed;
        }
    }
    if (!contender || PyList_GET_SIZE(fitting) == 0 || !have_own) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    result = PyObject_CallFunction(self->verdict, "OOddd", typed, fitting, z_typed, own,
                                   min_confidence);
done:
    if (sides != stack) {
        PyMem_Free(sides);
    }
    Py_XDECREF(fitting);
    return result;
}

static int
check_words(PyObject *prev, PyObject *next, PyObject *candidates)
{
    if ((prev != Py_None && !PyUnicode_Check(prev)) || (next != Py_None && !PyUnicode_Check(next))) {
        PyErr_SetString(PyExc_TypeError, "prev and nxt must be str or None");
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(candidates); i++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(candidates, i))) {
            PyErr_SetString(PyExc_TypeError, "candidates must be str");
            return -1;
        }
    }
    return 0;
}

static PyObject *
Chooser_call(Chooser *self, PyObject *args, PyObject *kwds)
{
    static char *names[] = {"typed",      "prev",           "nxt",   "misfit",
                            "candidates", "min_confidence", "sides", NULL};
    PyObject *typed, *prev, *next, *candidates, *sides = Py_None;
    double misfit, min_confidence;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "UOOdO!d|O", names, &typed, &prev, &next,
                                     &misfit, &PyTuple_Type, &candidates, &min_confidence,
                                     &sides)) {
        return NULL;
    }
    if (check_words(prev, next, candidates) < 0) {
        return NULL;
    }
    if (sides == Py_None) {
        return choose(self, typed, prev, next, misfit, candidates, min_confidence, NULL, NULL);
    }
    if (!PyTuple_Check(sides) || PyTuple_GET_SIZE(sides) != 2) {
        PyErr_SetString(PyExc_TypeError, "sides must be a pair");
        return NULL;
    }
    Count before = count_of(PyTuple_GET_ITEM(sides, 0));
    Count after = count_of(PyTuple_GET_ITEM(sides, 1));
    return choose(self, typed, prev, next, misfit, candidates, min_confidence, &before, &after);
}

/* Chooser.pair(a, b): the pair's count as the chooser reads it (bigrams.get(f"{a} {b}")). */
static PyObject *
Chooser_pair(Chooser *self, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "UU", &a, &b)) {
        return NULL;
    }
    if (self->pairs.dict == NULL) {
        PyErr_SetString(PyExc_ValueError, "the chooser is not initialised");
        return NULL;
    }
    Count count;
    if (pair_count(&self->pairs, a, b, &count) < 0) {
        return NULL;
    }
    return count.object != NULL ? Py_NewRef(count.object) : PyFloat_FromDouble(count.value);
}

static PyMethodDef Chooser_methods[] = {
    {"pair", (PyCFunction)Chooser_pair, METH_VARARGS,
     PyDoc_STR("The bigram dict's count of a word pair, or None, as the chooser reads it.")},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ChooserType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "textfix._speedups.Chooser",
    .tp_doc = PyDoc_STR("The real-word decision for one word between its neighbours."),
    .tp_basicsize = sizeof(Chooser),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Chooser_init,
    .tp_dealloc = (destructor)Chooser_dealloc,
    .tp_traverse = (traverseproc)Chooser_traverse,
    .tp_clear = (inquiry)Chooser_clear,
    .tp_call = (ternaryfunc)Chooser_call,
    .tp_methods = Chooser_methods,
};

/* str.isalpha(), as CPython computes it. */
static int
is_alpha(PyObject *text)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (length == 0) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < length; i++) {
        if (!Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, i))) {
            return 0;
        }
    }
    return 1;
}


/* `text[start:].islower()`, as CPython computes str.islower(). */
static int
is_lower_from(PyObject *text, Py_ssize_t start)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int cased = 0;
    for (Py_ssize_t i = start; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISUPPER(ch) || Py_UNICODE_ISTITLE(ch)) {
            return 0;
        }
        if (!cased && Py_UNICODE_ISLOWER(ch)) {
            cased = 1;
        }
    }
    return cased;
}

/* str.islower() */
static inline int
is_lower(PyObject *text)
{
    return is_lower_from(text, 0);
}

/* typos.Analysis.initial: whether the word at `at` opens a sentence, line or quotation (its
 * position is in `firsts`, or the gap before it is no single space and holds one of
 * ".!?…:;"); -1 on error. */
static int
opening_position(PyObject *befores, PyObject *firsts, Py_ssize_t at)
{
    PyObject *position = PyLong_FromSsize_t(at);
    if (position == NULL) {
        return -1;
    }
    int first = contains(firsts, position);
    Py_DECREF(position);
    if (first != 0) {
        return first;
    }
    PyObject *before = PyList_GET_ITEM(befores, at);
    if (!PyUnicode_Check(before)) {
        PyErr_SetString(PyExc_TypeError, "gaps must be str");
        return -1;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(before);
    if (length == 1 && PyUnicode_READ_CHAR(before, 0) == ' ') {
        return 0;
    }
    int kind = PyUnicode_KIND(before);
    const void *data = PyUnicode_DATA(before);
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch == '.' || ch == '!' || ch == '?' || ch == 0x2026 || ch == ':' || ch == ';') {
            return 1;
        }
    }
    return 0;
}

/* The rule's test of a word not written in lower case: capitalised (`text[1:].islower() and
 * text[0].isupper()`) and the first of a sentence, line or quotation; -1 on error. */
static int
capitalised_opening(PyObject *text, PyObject *befores, PyObject *firsts, Py_ssize_t at)
{
    if (PyUnicode_GET_LENGTH(text) < 2 || !Py_UNICODE_ISUPPER(PyUnicode_READ_CHAR(text, 0)) ||
        !is_lower_from(text, 1)) {
        return 0;
    }
    return opening_position(befores, firsts, at);
}

/* Whether a neighbour (a word or None) is a core word; -1 on error. */
static int
core_neighbour(PyObject *core, PyObject *word)
{
    if (word == Py_None) {
        return 0;
    }
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "neighbours must be str or None");
        return -1;
    }
    return contains(core, word);
}

/* Marks in `marked` (count bytes) the positions that `positions` (ints) names. */
static int
mark_positions(PyObject *positions, char *marked, Py_ssize_t count)
{
    PyObject *iterator = PyObject_GetIter(positions);
    if (iterator == NULL) {
        return -1;
    }
    PyObject *item;
    while ((item = PyIter_Next(iterator)) != NULL) {
        Py_ssize_t at = PyLong_AsSsize_t(item);
        Py_DECREF(item);
        if (at == -1 && PyErr_Occurred()) {
            Py_DECREF(iterator);
            return -1;
        }
        if (at >= 0 && at < count) {
            marked[at] = 1;
        }
    }
    Py_DECREF(iterator);
    return PyErr_Occurred() ? -1 : 0;
}

/* The loop of fix_realwords over a document's words, for the words it can decide alone.
 *
 * realword_decisions(lowers, texts, prevs, nexts, found_of, user, core, hyphens, chooser,
 *                    min_confidence, article) -> [(index, best or None), ...]
 *
 * Goes through the positions in order and passes over those the rule's loop passes over for
 * the columns alone: a word without real-word candidates (not a key of the dict `found_of`),
 * one of the `user`'s words, a word with other characters than letters, a hyphenated word,
 * a word with no neighbour in `core`. A word written in lower case other than
 * `article` is decided here, as the loop decides it (attested with both neighbours: no
 * evidence against it; else the chooser), and listed with its winner when one wins. Every
 * other position left (a capitalised word, the article, whose tests read more of the
 * analysis) is listed with None, for the loop to decide.
 */
static PyObject *
realword_decisions(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *lowers, *texts, *prevs, *nexts, *befores, *firsts, *names, *found_of, *user, *core;
    PyObject *hyphens, *article;
    Chooser *chooser;
    double min_confidence;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!OOO!OOOO!dU", &PyList_Type, &lowers, &PyList_Type,
                          &texts, &PyList_Type, &prevs, &PyList_Type, &nexts, &PyList_Type,
                          &befores, &firsts, &names, &PyDict_Type, &found_of, &user, &core,
                          &hyphens, &ChooserType, &chooser, &min_confidence, &article)) {
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(lowers);
    if (PyList_GET_SIZE(texts) != count || PyList_GET_SIZE(prevs) != count ||
        PyList_GET_SIZE(nexts) != count || PyList_GET_SIZE(befores) != count) {
        PyErr_SetString(PyExc_ValueError, "the columns differ in length");
        return NULL;
    }
    char *hyphenated = PyMem_Calloc((size_t)count + 1, 1);
    PyObject *decided = NULL;
    if (hyphenated == NULL) {
        PyErr_NoMemory();
        goto error;
    }
    if (mark_positions(hyphens, hyphenated, count) < 0) {
        goto error;
    }
    decided = PyList_New(0);
    if (decided == NULL) {
        goto error;
    }
    /* The count of the last pair after a word, the word and its neighbour. */
    Count carried = count_of(Py_None);
    PyObject *carried_left = NULL, *carried_right = NULL;
    Py_ssize_t carried_at = -2;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *lower = PyList_GET_ITEM(lowers, i);
        PyObject *text = PyList_GET_ITEM(texts, i);
        PyObject *prev = PyList_GET_ITEM(prevs, i);
        PyObject *next = PyList_GET_ITEM(nexts, i);
        PyObject *best = NULL;
        if (!PyUnicode_Check(lower) || !PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "words must be str");
            goto error;
        }
        /* Borrowed: the dict holds it for the call. */
        PyObject *candidates = PyDict_GetItemWithError(found_of, lower);
        if (candidates == NULL) {
            if (PyErr_Occurred()) {
                goto error;
            }
            continue;
        }
        int users = contains(user, lower);
        if (users < 0) {
            goto error;
        }
        if (users || !is_alpha(lower)) {
            continue;
        }
        if (hyphenated[i]) {
            continue;
        }
        if (!is_lower(text)) {
            /* A capitalised word opening a sentence is checked like any other, unless the
             * article also writes it capitalised mid-sentence (a name). */
            int opening = capitalised_opening(text, befores, firsts, i);
            if (opening < 0) {
                goto error;
            }
            if (!opening) {
                continue;
            }
            int named = contains(names, lower);
            if (named < 0) {
                goto error;
            }
            if (named) {
                continue;
            }
        }
        int prev_core = core_neighbour(core, prev), next_core = core_neighbour(core, next);
        if (prev_core < 0 || next_core < 0) {
            goto error;
        }
        if (!prev_core && !next_core) {
            continue;
        }
        int is_article = PyUnicode_Compare(lower, article);
        if (is_article == -1 && PyErr_Occurred()) {
            goto error;
        }
        if (is_article != 0) {
            PyObject *neighbour_before = prev_core ? prev : Py_None;
            PyObject *neighbour_after = next_core ? next : Py_None;
            if (!PyTuple_Check(candidates)) {
                PyErr_SetString(PyExc_TypeError, "candidates must be a tuple");
                goto error;
            }
            if (prev_core && next_core) {
                /* The pair before this word is the pair after the one before it, when that
                 * word asked about it with this word as its neighbour. */
                Count before = carried, after;
                if (!(carried_at == i - 1 && carried_left == prev && carried_right == lower) &&
                    pair_count(&chooser->pairs, prev, lower, &before) < 0) {
                    goto error;
                }
                if (pair_count(&chooser->pairs, lower, next, &after) < 0) {
                    goto error;
                }
                carried = after;
                carried_at = i;
                carried_left = lower;
                carried_right = next;
                int attested_before = pair_truth(&chooser->pairs, before);
                int attested_after = pair_truth(&chooser->pairs, after);
                if (attested_before < 0 || attested_after < 0) {
                    goto error;
                }
                if (attested_before && attested_after) {
                    best = Py_NewRef(Py_None);
                }
                else {
                    best = choose(chooser, lower, neighbour_before, neighbour_after, 0.0,
                                  candidates, min_confidence, &before, &after);
                }
            }
            else {
                best = choose(chooser, lower, neighbour_before, neighbour_after, 0.0, candidates,
                              min_confidence, NULL, NULL);
            }
            if (best == NULL) {
                goto error;
            }
            if (best == Py_None) {
                Py_DECREF(best);
                continue;
            }
        }
        PyObject *entry = Py_BuildValue("(nN)", i, best != NULL ? best : Py_NewRef(Py_None));
        if (entry == NULL) {
            goto error;
        }
        int failed = PyList_Append(decided, entry);
        Py_DECREF(entry);
        if (failed) {
            goto error;
        }
    }
    PyMem_Free(hyphenated);
    return decided;
error:
    PyMem_Free(hyphenated);
    Py_XDECREF(decided);
    return NULL;
}

/* A word character of textfix.tokens.WORD_RE ("[^\W_]", as the re module reads it in a str
 * pattern: a letter or a digit of any script). */
static inline int
word_char(Py_UCS4 ch)
{
    return Py_UNICODE_ISALNUM(ch);
}

static inline int
apostrophe(Py_UCS4 ch)
{
    return ch == '\'' || ch == 0x2019;
}

/* Appends a new reference and drops it; -1 on error. */
static int
append_new(PyObject *list, PyObject *item)
{
    if (item == NULL) {
        return -1;
    }
    int failed = PyList_Append(list, item);
    Py_DECREF(item);
    return failed;
}

/* list[k] = value, for a list made with PyList_New. */
static int
set_number(PyObject *list, Py_ssize_t k, Py_ssize_t value)
{
    PyObject *number = PyLong_FromSsize_t(value);
    if (number == NULL) {
        return -1;
    }
    PyList_SET_ITEM(list, k, number);
    return 0;
}

/* str.lower() of a word: in place of a method call for ASCII, and the word itself when it
 * is ASCII without a capital (most words: one string fewer each). */
static PyObject *
lowered(PyObject *word)
{
    if (!PyUnicode_IS_ASCII(word)) {
        return PyObject_CallMethod(word, "lower", NULL);
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(word);
    const Py_UCS1 *letters = PyUnicode_1BYTE_DATA(word);
    Py_ssize_t first_capital = 0;
    while (first_capital < length &&
           !(letters[first_capital] >= 'A' && letters[first_capital] <= 'Z')) {
        first_capital++;
    }
    if (first_capital == length) {
        return Py_NewRef(word);
    }
    PyObject *low = PyUnicode_New(length, 127);
    if (low == NULL) {
        return NULL;
    }
    const Py_UCS1 *from = PyUnicode_1BYTE_DATA(word);
    Py_UCS1 *to = PyUnicode_1BYTE_DATA(low);
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS1 ch = from[i];
        to[i] = (ch >= 'A' && ch <= 'Z') ? (Py_UCS1)(ch + 32) : ch;
    }
    return low;
}

/* Whether a gap parts a phrase: anything but one or more spaces and tabs. */
static int
parts_phrase(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    if (end <= start) {
        return 1;
    }
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch != ' ' && ch != '\t') {
            return 1;
        }
    }
    return 0;
}

/* word_columns(text) -> (written_lower, (texts, lowers, prevs, nexts, starts, ends, line_of,
 *                                         befores, afters, firsts, hyphens))
 *
 * The fields of textfix.rules.typos.Analysis that the text alone decides, read in one pass
 * over it (its plain path, typos._columns, computes the same): the words as WORD_RE finds
 * them, with the gaps around them, their lines, the words that open a line, the neighbours
 * within a phrase and the hyphenated words; and whether each word is written in lower case.
 */
static PyObject *
word_columns(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U", &text)) {
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int carriage = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        if (PyUnicode_READ(kind, data, i) == '\r') {
            carriage = 1;
            break;
        }
    }
    /* Word bounds first: starts[i], ends[i]; gap k runs from ends[k - 1] (0) to starts[k]
     * (the text's end). */
    Py_ssize_t capacity = 64, count = 0;
    Py_ssize_t *bounds = PyMem_Malloc(sizeof(Py_ssize_t) * 2 * (size_t)capacity);
    PyObject *texts = NULL, *lowers = NULL, *written = NULL, *prevs = NULL, *nexts = NULL;
    PyObject *starts = NULL, *ends = NULL, *line_of = NULL, *befores = NULL, *afters = NULL;
    PyObject *firsts = NULL, *hyphens = NULL, *result = NULL;
    char *parted = NULL;
    if (bounds == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    Py_ssize_t at = 0;
    while (at < length) {
        if (!word_char(PyUnicode_READ(kind, data, at))) {
            at++;
            continue;
        }
        Py_ssize_t start = at;
        for (;;) {
            while (at < length && word_char(PyUnicode_READ(kind, data, at))) {
                at++;
            }
            if (at + 1 < length && apostrophe(PyUnicode_READ(kind, data, at)) &&
                word_char(PyUnicode_READ(kind, data, at + 1))) {
                at++;
                continue;
            }
            break;
        }
        if (count == capacity) {
            capacity *= 2;
            Py_ssize_t *grown = PyMem_Realloc(bounds, sizeof(Py_ssize_t) * 2 * (size_t)capacity);
            if (grown == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            bounds = grown;
        }
        bounds[2 * count] = start;
        bounds[2 * count + 1] = at;
        count++;
    }
    texts = PyList_New(count);
    lowers = PyList_New(count);
    written = PyList_New(count);
    starts = PyList_New(count);
    ends = PyList_New(count);
    line_of = PyList_New(count);
    befores = PyList_New(count);
    afters = PyList_New(count);
    firsts = PyList_New(0);
    hyphens = PyList_New(0);
    parted = PyMem_Calloc((size_t)count + 1, 1);
    if (!texts || !lowers || !written || !starts || !ends || !line_of || !befores || !afters ||
        !firsts || !hyphens) {
        goto done;
    }
    if (parted == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t line = 0;
    for (Py_ssize_t k = 0; k <= count; k++) {
        /* Gap k, before word k (after the last word when k == count). */
        Py_ssize_t gap_start = k ? bounds[2 * k - 1] : 0;
        Py_ssize_t gap_end = k < count ? bounds[2 * k] : length;
        Py_ssize_t breaks = 0, lead = gap_start;
        int hyphen = 0;
        Py_UCS4 previous = 0;
        for (Py_ssize_t i = gap_start; i < gap_end; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, i);
            if (ch == '\n') {
                if (!(carriage && previous == '\r')) {
                    breaks++;
                }
                lead = i + 1;
            }
            else if (ch == '\r' && carriage) {
                breaks++;
                lead = i + 1;
            }
            else if (ch == '-') {
                hyphen = 1;
            }
            previous = ch;
        }
        PyObject *gap = PyUnicode_Substring(text, gap_start, gap_end);
        if (gap == NULL) {
            goto done;
        }
        int breaking = lead > gap_start; /* a line end inside this gap */
        line += breaks;
        if (k < count) {
            /* befores[k]: the gap, or what follows its last line end */
            PyObject *before = gap;
            if (breaking) {
                before = PyUnicode_Substring(text, lead, gap_end);
                if (before == NULL) {
                    Py_DECREF(gap);
                    goto done;
                }
            }
            else {
                Py_INCREF(before);
            }
            PyList_SET_ITEM(befores, k, before);
            if (k == 0 || breaking) {
                if (append_new(firsts, PyLong_FromSsize_t(k)) < 0) {
                    Py_DECREF(gap);
                    goto done;
                }
            }
        }
        if (k > 0) {
            /* afters[k - 1]: the gap, or "." at a line's end (the last word's too) */
            if (breaking || k == count) {
                PyList_SET_ITEM(afters, k - 1, PyUnicode_FromString("."));
                if (PyList_GET_ITEM(afters, k - 1) == NULL) {
                    Py_DECREF(gap);
                    goto done;
                }
            }
            else {
                Py_INCREF(gap);
                PyList_SET_ITEM(afters, k - 1, gap);
            }
            if (k < count) {
                parted[k - 1] = (char)parts_phrase(kind, data, gap_start, gap_end);
            }
        }
        Py_DECREF(gap);
        if (k < count) {
            Py_ssize_t start = bounds[2 * k], end = bounds[2 * k + 1];
            PyObject *word = PyUnicode_Substring(text, start, end);
            if (word == NULL) {
                goto done;
            }
            PyList_SET_ITEM(texts, k, word);
            PyObject *low = lowered(word);
            if (low == NULL) {
                goto done;
            }
            PyList_SET_ITEM(lowers, k, low);
            PyObject *flag = is_lower(word) ? Py_True : Py_False;
            Py_INCREF(flag);
            PyList_SET_ITEM(written, k, flag);
            if (set_number(starts, k, start) < 0 || set_number(ends, k, end) < 0 ||
                set_number(line_of, k, line) < 0) {
                goto done;
            }
        }
        if (hyphen) {
            /* As the plain path: the word after the gap when what stands before it on its
             * line ends with a hyphen; the word before when what stands after it starts
             * with one. */
            if (k < count) {
                PyObject *before = PyList_GET_ITEM(befores, k);
                Py_ssize_t size = PyUnicode_GET_LENGTH(before);
                if (size && PyUnicode_READ_CHAR(before, size - 1) == '-' &&
                    append_new(hyphens, PyLong_FromSsize_t(k)) < 0) {
                    goto done;
                }
            }
            if (k > 0) {
                PyObject *after = PyList_GET_ITEM(afters, k - 1);
                if (PyUnicode_GET_LENGTH(after) && PyUnicode_READ_CHAR(after, 0) == '-' &&
                    append_new(hyphens, PyLong_FromSsize_t(k - 1)) < 0) {
                    goto done;
                }
            }
        }
    }
    prevs = PyList_New(count);
    nexts = PyList_New(count);
    if (!prevs || !nexts) {
        goto done;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *prev = k > 0 && !parted[k - 1] ? PyList_GET_ITEM(lowers, k - 1) : Py_None;
        PyObject *next = k + 1 < count && !parted[k] ? PyList_GET_ITEM(lowers, k + 1) : Py_None;
        Py_INCREF(prev);
        Py_INCREF(next);
        PyList_SET_ITEM(prevs, k, prev);
        PyList_SET_ITEM(nexts, k, next);
    }
    PyObject *first_set = PyFrozenSet_New(firsts);
    PyObject *hyphen_set = first_set != NULL ? PyFrozenSet_New(hyphens) : NULL;
    if (hyphen_set != NULL) {
        result = Py_BuildValue("(O(OOOOOOOOOOO))", written, texts, lowers, prevs, nexts, starts,
                               ends, line_of, befores, afters, first_set, hyphen_set);
    }
    Py_XDECREF(first_set);
    Py_XDECREF(hyphen_set);
done:
    PyMem_Free(bounds);
    PyMem_Free(parted);
    Py_XDECREF(texts);
    Py_XDECREF(lowers);
    Py_XDECREF(written);
    Py_XDECREF(prevs);
    Py_XDECREF(nexts);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    Py_XDECREF(line_of);
    Py_XDECREF(befores);
    Py_XDECREF(afters);
    Py_XDECREF(firsts);
    Py_XDECREF(hyphens);
    return result;
}

/* str.isupper(), as CPython computes it. */
static int
is_upper(PyObject *text)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (length == 1) {
        return Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, 0)) != 0;
    }
    int cased = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISLOWER(ch) || Py_UNICODE_ISTITLE(ch)) {
            return 0;
        }
        if (!cased && Py_UNICODE_ISUPPER(ch)) {
            cased = 1;
        }
    }
    return cased;
}

/* counts[key] += 1 (from 0); -1 on error. */
static int
count_one(PyObject *counts, PyObject *key)
{
    PyObject *found = PyDict_GetItemWithError(counts, key);
    if (found == NULL && PyErr_Occurred()) {
        return -1;
    }
    PyObject *one = PyLong_FromLong(1);
    if (one == NULL) {
        return -1;
    }
    PyObject *value = found == NULL ? Py_NewRef(one) : PyNumber_Add(found, one);
    Py_DECREF(one);
    if (value == NULL) {
        return -1;
    }
    int failed = PyDict_SetItem(counts, key, value);
    Py_DECREF(value);
    return failed;
}

/* typos._base: the word up to its first apostrophe ("'" first, then "’"), a new reference. */
static PyObject *
word_base(PyObject *lower)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(lower);
    Py_ssize_t at = PyUnicode_FindChar(lower, '\'', 0, length, 1);
    if (at == -1) {
        at = PyUnicode_FindChar(lower, 0x2019, 0, length, 1);
    }
    if (at == -2) {
        return NULL;
    }
    return at >= 0 ? PyUnicode_Substring(lower, 0, at) : Py_NewRef(lower);
}

/* word_counts(texts, lowers, written_lower, befores, firsts, counter)
 *     -> (vocabulary, names, capitalised)
 *
 * typos.analyse's counts of a text's words (its plain path, typos._counts, counts the same,
 * key by key in the same order), each a `counter` (collections.Counter): the lower-case forms
 * written in lower case; the base forms (typos._base) of the words written capitalised
 * other than at the start of a sentence (typos.Analysis.initial), or in capitals; and the
 * lower-case forms of the words written with a capital first.
 */
static PyObject *
word_counts(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *texts, *lowers, *written, *befores, *firsts, *counter;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OO", &PyList_Type, &texts, &PyList_Type, &lowers,
                          &PyList_Type, &written, &PyList_Type, &befores, &firsts, &counter)) {
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(lowers) != count || PyList_GET_SIZE(written) != count ||
        PyList_GET_SIZE(befores) != count) {
        PyErr_SetString(PyExc_ValueError, "the columns differ in length");
        return NULL;
    }
    PyObject *vocabulary = PyObject_CallNoArgs(counter);
    PyObject *names = vocabulary != NULL ? PyObject_CallNoArgs(counter) : NULL;
    PyObject *capitalised = names != NULL ? PyObject_CallNoArgs(counter) : NULL;
    if (capitalised == NULL) {
        goto error;
    }
    if (!PyDict_Check(vocabulary) || !PyDict_Check(names) || !PyDict_Check(capitalised)) {
        PyErr_SetString(PyExc_TypeError, "counter must make dicts");
        goto error;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *lower = PyList_GET_ITEM(lowers, i);
        int in_lower = PyObject_IsTrue(PyList_GET_ITEM(written, i));
        if (in_lower < 0) {
            goto error;
        }
        if (in_lower) {
            if (count_one(vocabulary, lower) < 0) {
                goto error;
            }
            continue;
        }
        PyObject *word = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(word) || PyUnicode_GET_LENGTH(word) == 0 ||
            !PyUnicode_Check(lower)) {
            PyErr_SetString(PyExc_TypeError, "words must be non-empty str");
            goto error;
        }
        int upper_first = Py_UNICODE_ISUPPER(PyUnicode_READ_CHAR(word, 0)) != 0;
        if (upper_first && count_one(capitalised, lower) < 0) {
            goto error;
        }
        int named = 0;
        if (upper_first) {
            int initial = opening_position(befores, firsts, i);
            if (initial < 0) {
                goto error;
            }
            named = !initial;
        }
        if (!named && PyUnicode_GET_LENGTH(word) > 1) {
            named = is_upper(word);
        }
        if (named) {
            PyObject *base = word_base(lower);
            if (base == NULL) {
                goto error;
            }
            int failed = count_one(names, base);
            Py_DECREF(base);
            if (failed) {
                goto error;
            }
        }
    }
    return Py_BuildValue("(NNN)", vocabulary, names, capitalised);
error:
    Py_XDECREF(vocabulary);
    Py_XDECREF(names);
    Py_XDECREF(capitalised);
    return NULL;
}

/* alignment_cost(typed, meant, inserts, by_letter, sub_row, delete, double, transpose)
 *
 * The weighted optimal-string-alignment distance of textfix.spelling.channel_cost (its plain
 * path computes the same, cell for cell, in the same order of additions and comparisons):
 * `inserts[j]` is the cost of the extra typed[j]; `by_letter[c]` the costs of typing each
 * letter of `typed` for the meant letter c, made by `sub_row(c, typed)` and kept in
 * `by_letter` when missing; leaving a meant letter out costs `delete`, or `double` when it is
 * one of a doubled pair; swapping two neighbouring letters costs `transpose`.
 */
static PyObject *
alignment_cost(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *typed, *meant, *inserts, *by_letter, *sub_row;
    double delete_cost, double_cost, transpose_cost;
    if (!PyArg_ParseTuple(args, "UUO!O!Oddd", &typed, &meant, &PyList_Type, &inserts,
                          &PyDict_Type, &by_letter, &sub_row, &delete_cost, &double_cost,
                          &transpose_cost)) {
        return NULL;
    }
    Py_ssize_t m = PyUnicode_GET_LENGTH(typed), n = PyUnicode_GET_LENGTH(meant);
    if (PyList_GET_SIZE(inserts) != m) {
        PyErr_SetString(PyExc_ValueError, "one insert cost per typed letter");
        return NULL;
    }
    /* Three rows: two before, the one before, this one. */
    double *rows = PyMem_Malloc(sizeof(double) * 3 * (size_t)(m + 1));
    double *insert = PyMem_Malloc(sizeof(double) * (size_t)(m + 1));
    double *sub = PyMem_Malloc(sizeof(double) * (size_t)(m + 1));
    PyObject *result = NULL;
    if (rows == NULL || insert == NULL || sub == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t j = 0; j < m; j++) {
        insert[j] = PyFloat_AsDouble(PyList_GET_ITEM(inserts, j));
        if (insert[j] == -1.0 && PyErr_Occurred()) {
            goto done;
        }
    }
    int typed_kind = PyUnicode_KIND(typed), meant_kind = PyUnicode_KIND(meant);
    const void *typed_data = PyUnicode_DATA(typed);
    const void *meant_data = PyUnicode_DATA(meant);
    double *prev2 = rows, *prev = rows + (m + 1), *row = rows + 2 * (m + 1);
    prev[0] = 0.0;
    for (Py_ssize_t j = 1; j <= m; j++) {
        prev[j] = prev[j - 1] + insert[j - 1];
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(meant_kind, meant_data, i);
        int has_before = i > 0;
        Py_UCS4 before = has_before ? PyUnicode_READ(meant_kind, meant_data, i - 1) : 0;
        double delete = delete_cost;
        if ((has_before && ch == before) ||
            (i + 1 < n && PyUnicode_READ(meant_kind, meant_data, i + 1) == ch)) {
            delete = double_cost;
        }
        PyObject *letter = PyUnicode_FromOrdinal((int)ch);
        if (letter == NULL) {
            goto done;
        }
        PyObject *subs = PyDict_GetItemWithError(by_letter, letter);
        if (subs == NULL) {
            if (PyErr_Occurred()) {
                Py_DECREF(letter);
                goto done;
            }
            subs = PyObject_CallFunctionObjArgs(sub_row, letter, typed, NULL);
            if (subs == NULL || PyDict_SetItem(by_letter, letter, subs) < 0) {
                Py_XDECREF(subs);
                Py_DECREF(letter);
                goto done;
            }
            Py_DECREF(subs); /* the dict holds it */
        }
        Py_DECREF(letter);
        if (!PyList_Check(subs) || PyList_GET_SIZE(subs) != m) {
            PyErr_SetString(PyExc_ValueError, "one substitution cost per typed letter");
            goto done;
        }
        for (Py_ssize_t j = 0; j < m; j++) {
            sub[j] = PyFloat_AsDouble(PyList_GET_ITEM(subs, j));
            if (sub[j] == -1.0 && PyErr_Occurred()) {
                goto done;
            }
        }
        int swaps = has_before && before != ch;
        double left = prev[0] + delete;
        row[0] = left;
        for (Py_ssize_t j = 1; j <= m; j++) {
            double best = prev[j] + delete;
            double cost = left + insert[j - 1];
            if (cost < best) {
                best = cost;
            }
            cost = prev[j - 1] + sub[j - 1];
            if (cost < best) {
                best = cost;
            }
            if (swaps && j > 1 && PyUnicode_READ(typed_kind, typed_data, j - 1) == before &&
                ch == PyUnicode_READ(typed_kind, typed_data, j - 2)) {
                cost = prev2[j - 2] + transpose_cost;
                if (cost < best) {
                    best = cost;
                }
            }
            row[j] = best;
            left = best;
        }
        double *spare = prev2;
        prev2 = prev;
        prev = row;
        row = spare;
    }
    result = PyFloat_FromDouble(prev[m]);
done:
    PyMem_Free(rows);
    PyMem_Free(insert);
    PyMem_Free(sub);
    return result;
}

/* language_scores(tokens, memo, rows_of, floors) -> (scores, evidence)
 *
 * The scoring loop of textfix.language._detect, in the same order of additions: each
 * profile starts at its floor times the number of tokens, and each token listed by some
 * profiles (its rows, (position, boost) pairs, from `memo` or else from `rows_of(token)`,
 * which keeps them) adds its boosts; `evidence` counts those tokens.
 */
static PyObject *
language_scores(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *tokens, *memo, *rows_of, *floors;
    if (!PyArg_ParseTuple(args, "O!O!OO!", &PyList_Type, &tokens, &PyDict_Type, &memo, &rows_of,
                          &PyTuple_Type, &floors)) {
        return NULL;
    }
    Py_ssize_t profiles = PyTuple_GET_SIZE(floors), count = PyList_GET_SIZE(tokens);
    double *scores = PyMem_Malloc(sizeof(double) * (size_t)(profiles > 0 ? profiles : 1));
    PyObject *result = NULL, *listed = NULL;
    if (scores == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t k = 0; k < profiles; k++) {
        double floor_value = PyFloat_AsDouble(PyTuple_GET_ITEM(floors, k));
        if (floor_value == -1.0 && PyErr_Occurred()) {
            goto done;
        }
        scores[k] = floor_value * (double)count;
    }
    Py_ssize_t evidence = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *token = PyList_GET_ITEM(tokens, i);
        PyObject *rows = PyDict_GetItemWithError(memo, token); /* borrowed */
        PyObject *made = NULL;
        if (rows == NULL) {
            if (PyErr_Occurred()) {
                goto done;
            }
            rows = made = PyObject_CallOneArg(rows_of, token);
            if (rows == NULL) {
                goto done;
            }
        }
        if (!PyTuple_Check(rows)) {
            Py_XDECREF(made);
            PyErr_SetString(PyExc_TypeError, "rows must be a tuple");
            goto done;
        }
        Py_ssize_t n = PyTuple_GET_SIZE(rows);
        if (n > 0) {
            evidence++;
        }
        for (Py_ssize_t r = 0; r < n; r++) {
            PyObject *row = PyTuple_GET_ITEM(rows, r);
            if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != 2) {
                Py_XDECREF(made);
                PyErr_SetString(PyExc_TypeError, "a row is a (position, boost) pair");
                goto done;
            }
            Py_ssize_t position = PyLong_AsSsize_t(PyTuple_GET_ITEM(row, 0));
            double boost = PyFloat_AsDouble(PyTuple_GET_ITEM(row, 1));
            if ((position == -1 || boost == -1.0) && PyErr_Occurred()) {
                Py_XDECREF(made);
                goto done;
            }
            if (position < 0 || position >= profiles) {
                Py_XDECREF(made);
                PyErr_SetString(PyExc_IndexError, "a row names no profile");
                goto done;
            }
            scores[position] += boost;
        }
        Py_XDECREF(made);
    }
    listed = PyList_New(profiles);
    if (listed == NULL) {
        goto done;
    }
    for (Py_ssize_t k = 0; k < profiles; k++) {
        PyObject *score = PyFloat_FromDouble(scores[k]);
        if (score == NULL) {
            goto done;
        }
        PyList_SET_ITEM(listed, k, score);
    }
    result = Py_BuildValue("(On)", listed, evidence);
done:
    PyMem_Free(scores);
    Py_XDECREF(listed);
    return result;
}

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
    pattern.points = typed;
    pattern.length = typed_length;
    memset(pattern.latin, 0, sizeof(pattern.latin));
    {
        int kind = PyUnicode_KIND(word);
        const void *chars = PyUnicode_DATA(word);
        for (Py_ssize_t i = 0; i < typed_length; i++) {
            typed[i] = PyUnicode_READ(kind, chars, i);
            if (typed[i] < 256 && i < 64) {
                pattern.latin[typed[i]] |= (uint64_t)1 << i;
            }
        }
    }
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

/* Replaces each `old` (2 or 3 code points) of `text` by `new` (1 or 2), left to right and
 * without overlaps, as str.replace does, from `text` into `out` (room for 2 * length); the
 * new length. */
static Py_ssize_t
replace_points(const Py_UCS4 *text, Py_ssize_t length, const char *old, const char *new,
               Py_UCS4 *out)
{
    Py_ssize_t old_length = (Py_ssize_t)strlen(old), new_length = (Py_ssize_t)strlen(new);
    Py_ssize_t size = 0;
    for (Py_ssize_t i = 0; i < length;) {
        Py_ssize_t k = 0;
        while (k < old_length && i + k < length && text[i + k] == (Py_UCS4)old[k]) {
            k++;
        }
        if (k == old_length) {
            for (Py_ssize_t j = 0; j < new_length; j++) {
                out[size++] = (Py_UCS4)new[j];
            }
            i += old_length;
        }
        else {
            out[size++] = text[i++];
        }
    }
    return size;
}

static inline int
sound_vowel(Py_UCS4 c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* sound_key(word) -> str: spelling.sound_key's rough phonetic key, step for step: a soft c
 * (before e, i or y) as s, the spellings of spelling._SOUND_RULES replaced in their order,
 * c as k, a first vowel as a, the vowels after the first letter dropped, and each run of
 * one letter as one (a line break is no letter to the regular expressions: none is
 * dropped or merged, nor is a vowel after one). */
static PyObject *
sound_key(PyObject *Py_UNUSED(module), PyObject *word)
{
    static const char *rules[][2] = {
        {"ph", "f"}, {"ck", "k"}, {"ch", "k"}, {"sch", "sk"}, {"gh", "g"},
        {"wh", "w"}, {"x", "ks"},  {"q", "k"},  {"z", "s"},
    };
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "sound_key takes a str");
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(word);
    /* Each rule at most doubles the length (x -> ks); two buffers, used in turn, and room for
     * the "a" of an empty key. */
    size_t room = (size_t)(2 * length + 2);
    Py_UCS4 *one = PyMem_Malloc(sizeof(Py_UCS4) * room);
    Py_UCS4 *two = PyMem_Malloc(sizeof(Py_UCS4) * room);
    PyObject *result = NULL;
    if (one == NULL || two == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == 'c' && i + 1 < length) {
            Py_UCS4 next = PyUnicode_READ(kind, data, i + 1);
            if (next == 'e' || next == 'i' || next == 'y') {
                c = 's';
            }
        }
        one[i] = c;
    }
    Py_UCS4 *key = one, *spare = two;
    for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
        length = replace_points(key, length, rules[r][0], rules[r][1], spare);
        Py_UCS4 *swap = key;
        key = spare;
        spare = swap;
    }
    for (Py_ssize_t i = 0; i < length; i++) {
        if (key[i] == 'c') {
            key[i] = 'k';
        }
    }
    if (length == 0) {
        key[length++] = 'a'; /* "" starts with "" too, which is in "aeiouy" */
    }
    else if (sound_vowel(key[0])) {
        key[0] = 'a';
    }
    /* Vowels after a letter dropped (each tested against the letter before it as it was),
     * then runs merged, into `spare`. */
    Py_ssize_t size = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        if (i > 0 && sound_vowel(key[i]) && key[i - 1] != '\n') {
            continue;
        }
        spare[size++] = key[i];
    }
    Py_ssize_t merged = 0;
    for (Py_ssize_t i = 0; i < size; i++) {
        if (merged > 0 && spare[i] == spare[merged - 1] && spare[i] != '\n') {
            continue;
        }
        spare[merged++] = spare[i];
    }
    result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, spare, merged);
done:
    PyMem_Free(one);
    PyMem_Free(two);
    return result;
}

/* seen_one_edit(buffer, data, buckets, keys, word) -> set[str]
 *
 * lexicon.seen_one_edit from the seen-form index's layout (a Table, as for candidate_groups):
 * the words of the buckets of `keys` (plain space-separated lists) one edit from `word`
 * (optimal string alignment distance 1, as rapidfuzz's OSA), `word` (1 to 64 letters)
 * itself left out. */
static PyObject *
seen_one_edit(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *source, *keys, *word;
    Py_ssize_t data;
    unsigned int buckets;
    if (!PyArg_ParseTuple(args, "OnIOU", &source, &data, &buckets, &keys, &word)) {
        return NULL;
    }
    Py_ssize_t typed_length = PyUnicode_GET_LENGTH(word);
    if (buckets < 1 || typed_length < 1 || typed_length > 64) {
        PyErr_SetString(PyExc_ValueError, "a table of one bucket at least, a word of 1 to 64");
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(source, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    PyObject *found = NULL, *iterator = NULL, *key;
    uint32_t points[64];
    Pattern pattern;
    pattern.points = points;
    pattern.length = typed_length;
    memset(pattern.latin, 0, sizeof(pattern.latin));
    int kind = PyUnicode_KIND(word);
    const void *chars = PyUnicode_DATA(word);
    for (Py_ssize_t i = 0; i < typed_length; i++) {
        points[i] = PyUnicode_READ(kind, chars, i);
        if (points[i] < 256) {
            pattern.latin[points[i]] |= (uint64_t)1 << i;
        }
    }
    if (data - 4 * ((Py_ssize_t)buckets + 1) < 0 || data > view.len) {
        PyErr_SetString(PyExc_ValueError, "not a table layout");
        goto error;
    }
    found = PySet_New(NULL);
    iterator = PyObject_GetIter(keys);
    if (found == NULL || iterator == NULL) {
        goto error;
    }
    while ((key = PyIter_Next(iterator)) != NULL) {
        Py_ssize_t key_length;
        const char *key_text = PyUnicode_Check(key) ? PyUnicode_AsUTF8AndSize(key, &key_length)
                                                    : NULL;
        const char *value = NULL;
        Py_ssize_t value_length = -1;
        if (key_text == NULL && !PyErr_Occurred()) {
            PyErr_SetString(PyExc_TypeError, "keys must be str");
        }
        int failed = key_text == NULL ||
                     table_record(view.buf, view.len, data, buckets, key_text, key_length,
                                  &value, &value_length) < 0;
        Py_DECREF(key);
        if (failed) {
            goto error;
        }
        if (value_length <= 0) {
            continue;
        }
        const char *at = value, *end = value + value_length;
        while (at < end) {
            const char *stop = memchr(at, ' ', (size_t)(end - at));
            if (stop == NULL) {
                stop = end;
            }
            Py_ssize_t distance =
                osa_bits(&pattern, (const unsigned char *)at, (const unsigned char *)stop, 1);
            if (distance == 1) {
                PyObject *text = PyUnicode_DecodeUTF8(at, stop - at, NULL);
                if (text == NULL || PySet_Add(found, text) < 0) {
                    Py_XDECREF(text);
                    goto error;
                }
                Py_DECREF(text);
            }
            at = stop + 1;
        }
    }
    if (PyErr_Occurred()) {
        goto error;
    }
    Py_DECREF(iterator);
    PyBuffer_Release(&view);
    return found;
error:
    Py_XDECREF(iterator);
    Py_XDECREF(found);
    PyBuffer_Release(&view);
    return NULL;
}

/* with_siblings(words) -> set[str]: spelling.with_siblings, the words with the forms whose
 * -s sibling each is (each word + "s", and a word ending in "s" without it). */
static PyObject *
with_siblings(PyObject *Py_UNUSED(module), PyObject *words)
{
    PyObject *found = PySet_New(words);
    if (found == NULL) {
        return NULL;
    }
    PyObject *listed = PySequence_List(found);
    if (listed == NULL) {
        Py_DECREF(found);
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(listed);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *word = PyList_GET_ITEM(listed, i);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "with_siblings takes str");
            goto error;
        }
        Py_ssize_t length = PyUnicode_GET_LENGTH(word);
        int kind = PyUnicode_KIND(word);
        const void *data = PyUnicode_DATA(word);
        PyObject *plural;
        if (PyUnicode_IS_ASCII(word)) {
            plural = PyUnicode_New(length + 1, 127);
            if (plural != NULL) {
                memcpy(PyUnicode_1BYTE_DATA(plural), data, (size_t)length);
                PyUnicode_1BYTE_DATA(plural)[length] = 's';
            }
        }
        else {
            plural = PyUnicode_FromFormat("%Us", word);
        }
        if (plural == NULL || PySet_Add(found, plural) < 0) {
            Py_XDECREF(plural);
            goto error;
        }
        Py_DECREF(plural);
        if (length > 0 && PyUnicode_READ(kind, data, length - 1) == 's') {
            PyObject *stem = PyUnicode_Substring(word, 0, length - 1);
            if (stem == NULL || PySet_Add(found, stem) < 0) {
                Py_XDECREF(stem);
                goto error;
            }
            Py_DECREF(stem);
        }
    }
    Py_DECREF(listed);
    return found;
error:
    Py_DECREF(listed);
    Py_DECREF(found);
    return NULL;
}

/* written_pairs(lowers, prevs, counter, among) -> Counter[tuple[str, str]]: the pair counts
 * of typos._written_pairs, each pair (lowers[i - 1], lowers[i]) whose word i has a previous
 * word in its phrase (prevs[i] is not None), counted in a new counter() in the order the
 * pairs first come, as Counter(iterable) counts them; with a set ``among`` (not None), only
 * the pairs with a word in it. A pair already counted reuses the key tuple it was looked up
 * with: most pairs of a long article come again. */
static PyObject *
written_pairs(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *lowers, *prevs, *counter, *among;
    if (!PyArg_ParseTuple(args, "O!O!OO", &PyList_Type, &lowers, &PyList_Type, &prevs, &counter,
                          &among)) {
        return NULL;
    }
    if (among != Py_None && !PyAnySet_Check(among)) {
        PyErr_SetString(PyExc_TypeError, "among must be a set or None");
        return NULL;
    }
    PyObject *counts = PyObject_CallNoArgs(counter);
    if (counts == NULL) {
        return NULL;
    }
    if (!PyDict_Check(counts)) {
        PyErr_SetString(PyExc_TypeError, "counter must make dicts");
        Py_DECREF(counts);
        return NULL;
    }
    PyObject *key = NULL; /* a tuple of two owned only here, or NULL */
    Py_ssize_t count = PyList_GET_SIZE(lowers);
    if (PyList_GET_SIZE(prevs) < count) {
        count = PyList_GET_SIZE(prevs);
    }
    for (Py_ssize_t i = 1; i < count && i < PyList_GET_SIZE(lowers); i++) {
        if (PyList_GET_ITEM(prevs, i) == Py_None) {
            continue;
        }
        if (among != Py_None) {
            int kept = PySet_Contains(among, PyList_GET_ITEM(lowers, i - 1));
            if (kept == 0) {
                kept = PySet_Contains(among, PyList_GET_ITEM(lowers, i));
            }
            if (kept < 0) {
                goto error;
            }
            if (!kept) {
                continue;
            }
        }
        if (key != NULL && Py_REFCNT(key) != 1) {
            Py_CLEAR(key); /* only a tuple no one else holds is refilled */
        }
        if (key == NULL) {
            key = PyTuple_New(2);
            if (key == NULL) {
                goto error;
            }
        }
        else {
            Py_CLEAR(PyTuple_GET_ITEM(key, 0));
            Py_CLEAR(PyTuple_GET_ITEM(key, 1));
        }
        PyTuple_SET_ITEM(key, 0, Py_NewRef(PyList_GET_ITEM(lowers, i - 1)));
        PyTuple_SET_ITEM(key, 1, Py_NewRef(PyList_GET_ITEM(lowers, i)));
        PyObject *found = PyDict_GetItemWithError(counts, key);
        PyObject *value;
        if (found != NULL) {
            Py_ssize_t seen = PyLong_AsSsize_t(found);
            if (seen == -1 && PyErr_Occurred()) {
                goto error;
            }
            value = PyLong_FromSsize_t(seen + 1);
        }
        else if (PyErr_Occurred()) {
            goto error;
        }
        else {
            value = PyLong_FromLong(1);
        }
        if (value == NULL) {
            goto error;
        }
        int failed = PyDict_SetItem(counts, key, value);
        Py_DECREF(value);
        if (failed < 0) {
            goto error;
        }
        if (found == NULL) {
            /* The counter holds this tuple now: the next pair needs a new one. */
            Py_CLEAR(key);
        }
    }
    Py_XDECREF(key);
    return counts;
error:
    Py_XDECREF(key);
    Py_DECREF(counts);
    return NULL;
}

/* The float a callable returns for (first, second), or -1.0 with an error set. */
static double
called_value(PyObject *callable, PyObject *first, PyObject *second)
{
    PyObject *result = PyObject_CallFunctionObjArgs(callable, first, second, NULL);
    if (result == NULL) {
        return -1.0;
    }
    double value = PyFloat_AsDouble(result);
    Py_DECREF(result);
    return value;
}

/* spelling._candidate_scores's cached_lift: the lift cache's value for (first, second), or
 * else what missing(lex, first, second) computes (it stores the value in the cache). */
static int
cached_lift(PyObject *lifts, PyObject *missing, PyObject *lex, PyObject *first,
            PyObject *second, double *value)
{
    PyObject *key = PyTuple_Pack(2, first, second);
    if (key == NULL) {
        return -1;
    }
    PyObject *found = PyDict_GetItemWithError(lifts, key);
    Py_DECREF(key);
    if (found != NULL) {
        *value = PyFloat_AsDouble(found);
        return *value == -1.0 && PyErr_Occurred() ? -1 : 0;
    }
    if (PyErr_Occurred()) {
        return -1;
    }
    PyObject *result = PyObject_CallFunctionObjArgs(missing, lex, first, second, NULL);
    if (result == NULL) {
        return -1;
    }
    *value = PyFloat_AsDouble(result);
    Py_DECREF(result);
    return *value == -1.0 && PyErr_Occurred() ? -1 : 0;
}

/* candidate_scores(typed, candidates, one_edit, prev, nxt, frequencies, lex, lifts, missing,
 *                  channel, sound, typed_sound, sounding, counted, terms, weights)
 * -> list[float]: the loop of spelling._candidate_scores, operation by operation in its
 * order (the build keeps a * b + c as two roundings: -ffp-contract=off). ``prev`` and
 * ``nxt``: a neighbour, or None for none; ``frequencies``: the loaded frequency dict;
 * ``lifts``: the lift cache, and ``missing(lex, first, second)`` the lift it lacks (stored
 * by it); ``channel(typed, candidate)`` and ``sound(word)``: channel_cost and sound_key;
 * ``counted``: None or the set of candidates whose document terms may not be 0;
 * ``terms(candidate)``: (boost, sides), or None without a document; ``weights``:
 * (FREQUENCY_WEIGHT, SECOND_EDIT_PENALTY, CONTEXT_WEIGHT). */
static PyObject *
candidate_scores(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *typed, *candidates, *prev, *nxt, *frequencies, *lex, *lifts, *missing, *channel,
        *sound, *typed_sound, *counted, *terms;
    Py_ssize_t one_edit;
    double sounding, frequency_weight, second_edit_penalty, context_weight;
    if (!PyArg_ParseTuple(args, "UOnOOO!OO!OOOOdOO(ddd)", &typed, &candidates, &one_edit, &prev,
                          &nxt, &PyDict_Type, &frequencies, &lex, &PyDict_Type, &lifts, &missing,
                          &channel, &sound, &typed_sound, &sounding, &counted, &terms,
                          &frequency_weight, &second_edit_penalty, &context_weight)) {
        return NULL;
    }
    PyObject *listed = PySequence_Fast(candidates, "candidates must be a sequence");
    if (listed == NULL) {
        return NULL;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(listed);
    PyObject *scores = PyList_New(count);
    if (scores == NULL) {
        Py_DECREF(listed);
        return NULL;
    }
    for (Py_ssize_t at = 0; at < count; at++) {
        PyObject *candidate = PySequence_Fast_GET_ITEM(listed, at);
        PyObject *held = PyDict_GetItemWithError(frequencies, candidate);
        double seen = 0.0;
        if (held != NULL) {
            seen = PyFloat_AsDouble(held);
            if (seen == -1.0 && PyErr_Occurred()) {
                goto error;
            }
        }
        else if (PyErr_Occurred()) {
            goto error;
        }
        double cost = called_value(channel, typed, candidate);
        if (cost == -1.0 && PyErr_Occurred()) {
            goto error;
        }
        double score = frequency_weight * seen - cost;
        if (at >= one_edit) {
            PyObject *key = PyObject_CallOneArg(sound, candidate);
            if (key == NULL) {
                goto error;
            }
            int same = PyObject_RichCompareBool(key, typed_sound, Py_EQ);
            Py_DECREF(key);
            if (same < 0) {
                goto error;
            }
            if (same) {
                score += sounding;
            }
            else {
                score -= second_edit_penalty;
            }
        }
        double before = 0.0, after = 0.0;
        if (prev != Py_None && cached_lift(lifts, missing, lex, prev, candidate, &before) < 0) {
            goto error;
        }
        if (nxt != Py_None && cached_lift(lifts, missing, lex, candidate, nxt, &after) < 0) {
            goto error;
        }
        score += context_weight * (before + after);
        if (terms != Py_None) {
            int read = 1;
            if (counted != Py_None) {
                read = PySequence_Contains(counted, candidate);
                if (read < 0) {
                    goto error;
                }
            }
            if (read) {
                PyObject *pair = PyObject_CallOneArg(terms, candidate);
                if (pair == NULL) {
                    goto error;
                }
                if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
                    Py_DECREF(pair);
                    PyErr_SetString(PyExc_TypeError, "terms must give (boost, sides)");
                    goto error;
                }
                double boost = PyFloat_AsDouble(PyTuple_GET_ITEM(pair, 0));
                double sides = PyFloat_AsDouble(PyTuple_GET_ITEM(pair, 1));
                Py_DECREF(pair);
                if (PyErr_Occurred()) {
                    goto error;
                }
                score += boost;
                score += sides;
            }
        }
        PyObject *value = PyFloat_FromDouble(score);
        if (value == NULL) {
            goto error;
        }
        PyList_SET_ITEM(scores, at, value);
    }
    Py_DECREF(listed);
    return scores;
error:
    Py_DECREF(listed);
    Py_DECREF(scores);
    return NULL;
}

static PyMethodDef methods[] = {
    {"sound_key", sound_key, METH_O, PyDoc_STR("spelling.sound_key's phonetic key of a word.")},
    {"seen_one_edit", seen_one_edit, METH_VARARGS,
     PyDoc_STR("The seen-form index's words one edit from a word.")},
    {"with_siblings", with_siblings, METH_O,
     PyDoc_STR("spelling.with_siblings: words with the forms whose -s sibling each is.")},
    {"written_pairs", written_pairs, METH_VARARGS,
     PyDoc_STR("typos._written_pairs's counts of the word pairs within a phrase.")},
    {"candidate_scores", candidate_scores, METH_VARARGS,
     PyDoc_STR("spelling._candidate_scores's loop: each candidate's score.")},
    {"candidate_groups", candidate_groups, METH_VARARGS,
     PyDoc_STR("The candidate index's words within a distance of a word, by distance.")},
    {"language_scores", language_scores, METH_VARARGS,
     PyDoc_STR("The language detector's scores of a text's tokens.")},
    {"alignment_cost", alignment_cost, METH_VARARGS,
     PyDoc_STR("The weighted alignment distance of spelling.channel_cost.")},
    {"word_columns", word_columns, METH_VARARGS,
     PyDoc_STR("The columns of the typo rules' analysis of a text, in one pass.")},
    {"word_counts", word_counts, METH_VARARGS,
     PyDoc_STR("The word counts of the typo rules' analysis of a text.")},
    {"realword_decisions", realword_decisions, METH_VARARGS,
     PyDoc_STR("The real-word rule's loop over a document, for the words it decides alone.")},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "textfix._speedups",
    .m_doc = PyDoc_STR("Compiled inner loops of textfix's typo rules and language detector."),
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    crc_init();
    if (PyType_Ready(&ChooserType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&ChooserType);
    if (PyModule_AddObject(m, "Chooser", (PyObject *)&ChooserType) < 0) {
        Py_DECREF(&ChooserType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
