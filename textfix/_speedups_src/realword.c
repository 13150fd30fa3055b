/* The real-word rule's loop over a document (typos.fix_realwords).
 *
 * Part of textfix/_speedups.c, which includes it: see there. */

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
