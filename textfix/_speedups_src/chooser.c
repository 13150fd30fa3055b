/* The real-word chooser: spelling.realword_chooser's closure, as a type.
 *
 * Part of textfix/_speedups.c, which includes it: see there. */

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
