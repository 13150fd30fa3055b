/* The language detector's scoring (textfix.language._detect).
 *
 * Part of textfix/_speedups.c, which includes it: see there. */

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
