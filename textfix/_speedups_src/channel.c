/* The channel model's weighted alignment (spelling.channel_cost).
 *
 * Part of textfix/_speedups.c, which includes it: see there. */

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
