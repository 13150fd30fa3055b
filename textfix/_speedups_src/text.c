/* Text tests as CPython computes them (str.isalpha, str.islower), membership in the
 * callers' containers, and the test of typos.Analysis.initial.
 *
 * Part of textfix/_speedups.c, which includes it: see there. */

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


/* `text[start:].isupper()` (`upper`) or `.islower()`, as CPython computes them: no letter of
 * the other case or title case, and one of this case at least. */
static inline int
is_cased_from(PyObject *text, Py_ssize_t start, int upper)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int cased = 0;
    for (Py_ssize_t i = start; i < length; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        int same = upper ? Py_UNICODE_ISUPPER(ch) : Py_UNICODE_ISLOWER(ch);
        int other = upper ? Py_UNICODE_ISLOWER(ch) : Py_UNICODE_ISUPPER(ch);
        if (other || Py_UNICODE_ISTITLE(ch)) {
            return 0;
        }
        cased |= same != 0;
    }
    return cased;
}

static inline int
is_lower_from(PyObject *text, Py_ssize_t start)
{
    return is_cased_from(text, start, 0);
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
