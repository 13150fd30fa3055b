/* The typo rules' analysis of a text (typos.analyse): its columns and its word counts.
 *
 * Part of textfix/_speedups.c, which includes it: see there. */

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

/* str.isupper() */
static inline int
is_upper(PyObject *text)
{
    return is_cased_from(text, 0, 1);
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
