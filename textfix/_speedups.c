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

/* The kernels, a file each (textfix/_speedups_src/), compiled here as one translation unit:
 * their helpers stay static, so the module exports its init function only. They are included
 * in the order of what they use. */
#include "_speedups_src/text.c"
#include "_speedups_src/pairs.c"
#include "_speedups_src/chooser.c"
#include "_speedups_src/realword.c"
#include "_speedups_src/analysis.c"
#include "_speedups_src/channel.c"
#include "_speedups_src/language.c"
#include "_speedups_src/candidates.c"
#include "_speedups_src/nonword.c"

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
