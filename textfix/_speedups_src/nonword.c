/* The non-word rule's other kernels: sound keys, seen forms one edit away, -s siblings, the
 * article's word pairs and the candidates' scores.
 *
 * Part of textfix/_speedups.c, which includes it: see there. */

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
    pattern_of(word, points, &pattern);
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
        /* A new pair's tuple stays in the counter (the next pair then takes a new one, see
         * above); a pair counted before keeps the key it has. */
        if (count_one(counts, key) < 0) {
            goto error;
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
