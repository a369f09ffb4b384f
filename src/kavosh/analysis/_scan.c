/*
 * kavosh.analysis._scan: the token scan of the tokenizer (and the char filters), compiled.
 *
 * scan(text) returns exactly SCAN_RE.findall(text) (kavosh/analysis/tokenize.py):
 * the regular expression is the specification, this is a faster implementation of
 * it for the index-time path, checked against it by tests/analysis/test_scan.py
 * (hypothesis and the corpora).  Python's `re` spends most of its time trying the
 * alternatives and the suffix trie at every word; this walks each word once.
 *
 * configure(letters, prefixes, suffixes, zwnj_suffixes) must be called first with the
 * tokenizer's own tables (tokenize.py does so at import), so nothing is written twice:
 *   letters: [(first, last), ...] code point ranges of LETTER;
 *   prefixes, suffixes, zwnj_suffixes: tuples of str (PREFIXES, SUFFIXES, HALF_SPACE_SUFFIXES).
 *
 * SCAN_RE, with SEP = [ ZWNJ]+:
 *   (?:(?:PREFIX)SEP(?=LETTER))? LETTER+ (?:JOINER LETTER+)*
 *     (?:SEP SUFFIX(?!LETTER) | ZWNJ+ ZWNJ_SUFFIX(?!LETTER))* (?:[ ZWNJ](?=LETTER))?
 *   | \d*[^\W\d_LETTER][^\W_LETTER]*
 *   | \d{1,3}(?:,\d{3})+(?!\d) | \d+(?:[./:]\d+)*
 * \d and \w as Python's re has them for str patterns: Py_UNICODE_ISDECIMAL and
 * Py_UNICODE_ISALNUM or "_".
 *
 * normalize(text) is text.translate(normalize.TABLE) (configure_chars(TABLE) first): the
 * char filters composed into one table, applied in one pass instead of a regex callback
 * per run of changed characters.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#define ZWNJ 0x200C
#define JOINER 0x2060
#define MAX_AFFIXES 64
#define MAX_AFFIX_LEN 16

typedef struct {
    Py_ssize_t n;
    Py_ssize_t len[MAX_AFFIXES];
    Py_UCS4 ch[MAX_AFFIXES][MAX_AFFIX_LEN];
} affix_set;

static unsigned char letter_table[0x10000];
static int configured = 0;
static affix_set prefixes, suffixes, zwnj_suffixes;

static inline int is_letter(Py_UCS4 c) { return c < 0x10000 && letter_table[c]; }
static inline int is_sep(Py_UCS4 c) { return c == ' ' || c == ZWNJ; }
static inline int is_digit(Py_UCS4 c) { return Py_UNICODE_ISDECIMAL(c); }
static inline int is_word(Py_UCS4 c) { return c == '_' || Py_UNICODE_ISALNUM(c); }

/* Is text[a:b] one of the set? */
static int in_set(const affix_set *s, int kind, const void *data, Py_ssize_t a, Py_ssize_t b) {
    Py_ssize_t n = b - a;
    for (Py_ssize_t i = 0; i < s->n; i++) {
        if (s->len[i] != n) continue;
        Py_ssize_t j = 0;
        while (j < n && PyUnicode_READ(kind, data, a + j) == s->ch[i][j]) j++;
        if (j == n) return 1;
    }
    return 0;
}

static int fill_set(affix_set *s, PyObject *seq, const char *name) {
    PyObject *fast = PySequence_Fast(seq, name);
    if (!fast) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    if (n > MAX_AFFIXES) {
        Py_DECREF(fast);
        PyErr_Format(PyExc_ValueError, "%s: at most %d entries", name, MAX_AFFIXES);
        return -1;
    }
    s->n = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PySequence_Fast_GET_ITEM(fast, i);
        if (!PyUnicode_Check(w) || PyUnicode_GET_LENGTH(w) > MAX_AFFIX_LEN || PyUnicode_GET_LENGTH(w) == 0) {
            Py_DECREF(fast);
            PyErr_Format(PyExc_ValueError, "%s: non-empty str of at most %d characters expected", name, MAX_AFFIX_LEN);
            return -1;
        }
        s->len[i] = PyUnicode_GET_LENGTH(w);
        for (Py_ssize_t j = 0; j < s->len[i]; j++) s->ch[i][j] = PyUnicode_READ_CHAR(w, j);
        s->n++;
    }
    Py_DECREF(fast);
    return 0;
}

static PyObject *configure(PyObject *self, PyObject *args) {
    PyObject *letters, *pre, *suf, *zsuf;
    if (!PyArg_ParseTuple(args, "OOOO", &letters, &pre, &suf, &zsuf)) return NULL;
    PyObject *fast = PySequence_Fast(letters, "letters");
    if (!fast) return NULL;
    memset(letter_table, 0, sizeof letter_table);
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(fast); i++) {
        long lo, hi;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, i), "ll", &lo, &hi)) { Py_DECREF(fast); return NULL; }
        if (lo < 0 || hi >= 0x10000 || lo > hi) {
            Py_DECREF(fast);
            PyErr_SetString(PyExc_ValueError, "letters: ranges inside the Basic Multilingual Plane expected");
            return NULL;
        }
        for (long c = lo; c <= hi; c++) letter_table[c] = 1;
    }
    Py_DECREF(fast);
    if (fill_set(&prefixes, pre, "prefixes") || fill_set(&suffixes, suf, "suffixes")
        || fill_set(&zwnj_suffixes, zsuf, "zwnj_suffixes")) return NULL;
    configured = 1;
    Py_RETURN_NONE;
}

/* End of the Persian word that starts at p (a letter), per SCAN_RE's first branch. */
static Py_ssize_t persian_word(int kind, const void *d, Py_ssize_t n, Py_ssize_t p) {
    Py_ssize_t q = p;
    /* verbal prefix + separators, when a letter follows them */
    for (Py_ssize_t i = 0; i < prefixes.n; i++) {
        Py_ssize_t L = prefixes.len[i], j = 0;
        if (p + L > n) continue;
        while (j < L && PyUnicode_READ(kind, d, p + j) == prefixes.ch[i][j]) j++;
        if (j < L) continue;
        Py_ssize_t s = p + L;
        while (s < n && is_sep(PyUnicode_READ(kind, d, s))) s++;
        if (s > p + L && s < n && is_letter(PyUnicode_READ(kind, d, s))) { q = s; break; }
    }
    /* LETTER+ (JOINER LETTER+)* */
    while (q < n && is_letter(PyUnicode_READ(kind, d, q))) q++;
    while (q + 1 < n && PyUnicode_READ(kind, d, q) == JOINER && is_letter(PyUnicode_READ(kind, d, q + 1))) {
        q++;
        while (q < n && is_letter(PyUnicode_READ(kind, d, q))) q++;
    }
    /* suffixes written after separators */
    for (;;) {
        Py_ssize_t s = q;
        int all_zwnj = 1;
        while (s < n && is_sep(PyUnicode_READ(kind, d, s))) {
            if (PyUnicode_READ(kind, d, s) != ZWNJ) all_zwnj = 0;
            s++;
        }
        if (s == q) break;
        Py_ssize_t e = s;
        while (e < n && is_letter(PyUnicode_READ(kind, d, e))) e++;
        if (e == s) break;
        if (in_set(&suffixes, kind, d, s, e) || (all_zwnj && in_set(&zwnj_suffixes, kind, d, s, e))) {
            q = e;
            continue;
        }
        break;
    }
    /* one separator before a letter (a compound's first part written apart) */
    if (q + 1 < n && is_sep(PyUnicode_READ(kind, d, q)) && is_letter(PyUnicode_READ(kind, d, q + 1))) q++;
    return q;
}

/* End of a match of the other two branches at p, or p when none matches. */
static Py_ssize_t other_or_number(int kind, const void *d, Py_ssize_t n, Py_ssize_t p) {
    Py_ssize_t e = p;
    while (e < n && is_digit(PyUnicode_READ(kind, d, e))) e++;
    /* \d*[^\W\d_LETTER][^\W_LETTER]* */
    if (e < n) {
        Py_UCS4 c = PyUnicode_READ(kind, d, e);
        if (c != '_' && is_word(c) && !is_digit(c) && !is_letter(c)) {
            e++;
            while (e < n) {
                c = PyUnicode_READ(kind, d, e);
                if (c == '_' || !is_word(c) || is_letter(c)) break;
                e++;
            }
            return e;
        }
    }
    Py_ssize_t digits = e - p;
    if (digits == 0) return p;
    /* \d{1,3}(?:,\d{3})+(?!\d) */
    if (digits <= 3) {
        Py_ssize_t q = e, groups = 0, prev = e;
        while (q + 3 < n && PyUnicode_READ(kind, d, q) == ',' && is_digit(PyUnicode_READ(kind, d, q + 1))
               && is_digit(PyUnicode_READ(kind, d, q + 2)) && is_digit(PyUnicode_READ(kind, d, q + 3))) {
            prev = q;
            q += 4;
            groups++;
        }
        if (groups > 0) {
            if (q < n && is_digit(PyUnicode_READ(kind, d, q))) {
                if (groups > 1) return prev;  /* one group fewer: a ',' follows, not a digit */
            } else {
                return q;
            }
        }
    }
    /* \d+(?:[./:]\d+)* */
    Py_ssize_t q = e;
    while (q + 1 < n) {
        Py_UCS4 c = PyUnicode_READ(kind, d, q);
        if ((c != '.' && c != '/' && c != ':') || !is_digit(PyUnicode_READ(kind, d, q + 1))) break;
        q += 2;
        while (q < n && is_digit(PyUnicode_READ(kind, d, q))) q++;
    }
    return q;
}

/* 0 when `text` is a str and its configure step ran, else -1 with the exception set. */
static int check_call(PyObject *text, const char *func, int ready, const char *configure_name) {
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s() takes a str", func);
        return -1;
    }
    if (!ready) {
        PyErr_Format(PyExc_RuntimeError, "kavosh.analysis._scan: %s() was not called", configure_name);
        return -1;
    }
    return 0;
}

static PyObject *scan(PyObject *self, PyObject *text) {
    if (check_call(text, "scan", configured, "configure") < 0) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *d = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    Py_ssize_t p = 0;
    while (p < n) {
        Py_UCS4 c = PyUnicode_READ(kind, d, p);
        Py_ssize_t e;
        if (is_letter(c)) {
            e = persian_word(kind, d, n, p);
        } else if (c == ' ' || c == '\n' || c == ZWNJ || (c < 128 && !is_word(c))) {
            p++;
            continue;
        } else {
            e = other_or_number(kind, d, n, p);
            if (e == p) { p++; continue; }
        }
        PyObject *s = PyUnicode_Substring(text, p, e);
        if (!s || PyList_Append(out, s) < 0) {
            Py_XDECREF(s);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(s);
        p = e;
    }
    return out;
}

/* join_hits(surfaces, first_sep, join) -> [i, ...]: the i where surfaces[i] is in first_sep
 * (a compound's first part and its separator) and surfaces[i][:-1] + the letters that
 * begin surfaces[i + 1] is in join: Compounds.join_tokens's pair test, at C speed. */
static PyObject *join_hits(PyObject *self, PyObject *args) {
    PyObject *surfaces, *first_sep, *join;
    if (!PyArg_ParseTuple(args, "O!O!O!", &PyList_Type, &surfaces, &PyFrozenSet_Type, &first_sep,
                          &PyFrozenSet_Type, &join)) return NULL;
    if (!configured) {
        PyErr_SetString(PyExc_RuntimeError, "kavosh.analysis._scan: configure() was not called");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(surfaces);
    for (Py_ssize_t i = 0; i + 1 < n; i++) {
        PyObject *first = PyList_GET_ITEM(surfaces, i);
        PyObject *nxt = PyList_GET_ITEM(surfaces, i + 1);
        /* exact str only: hashing and comparing them runs no Python code that could change the list */
        if (!PyUnicode_CheckExact(first) || !PyUnicode_CheckExact(nxt)) continue;
        int found = PySet_Contains(first_sep, first);
        if (found < 0) goto error;
        if (!found) continue;
        int kind = PyUnicode_KIND(nxt);
        const void *d = PyUnicode_DATA(nxt);
        Py_ssize_t m = PyUnicode_GET_LENGTH(nxt), lead = 0;
        while (lead < m && is_letter(PyUnicode_READ(kind, d, lead))) lead++;
        if (lead == 0) continue;
        Py_ssize_t f = PyUnicode_GET_LENGTH(first) - 1;
        Py_UCS4 maxchar = PyUnicode_MAX_CHAR_VALUE(first);
        if (PyUnicode_MAX_CHAR_VALUE(nxt) > maxchar) maxchar = PyUnicode_MAX_CHAR_VALUE(nxt);
        PyObject *key = PyUnicode_New(f + lead, maxchar);
        if (!key) goto error;
        if (PyUnicode_CopyCharacters(key, 0, first, 0, f) < 0
            || PyUnicode_CopyCharacters(key, f, nxt, 0, lead) < 0) { Py_DECREF(key); goto error; }
        found = PySet_Contains(join, key);
        Py_DECREF(key);
        if (found < 0) goto error;
        if (found) {
            PyObject *idx = PyLong_FromSsize_t(i);
            if (!idx || PyList_Append(out, idx) < 0) { Py_XDECREF(idx); goto error; }
            Py_DECREF(idx);
        }
    }
    return out;
error:
    Py_DECREF(out);
    return NULL;
}

/* The char filters' composed table (normalize.TABLE): for each BMP code point, -1 (kept)
 * or an index into `replacements` (a tuple of str, possibly empty). */
static int32_t char_map[0x10000];
static PyObject *replacements = NULL;

static PyObject *configure_chars(PyObject *self, PyObject *table) {
    if (!PyDict_Check(table)) {
        PyErr_SetString(PyExc_TypeError, "configure_chars() takes a dict {code point: str}");
        return NULL;
    }
    PyObject *reps = PyList_New(0);
    if (!reps) return NULL;
    for (int i = 0; i < 0x10000; i++) char_map[i] = -1;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(table, &pos, &key, &value)) {
        long cp = PyLong_AsLong(key);
        if (cp == -1 && PyErr_Occurred()) { Py_DECREF(reps); return NULL; }
        if (cp < 0 || cp >= 0x10000 || !PyUnicode_Check(value)) {
            Py_DECREF(reps);
            PyErr_SetString(PyExc_ValueError, "configure_chars(): BMP code points mapped to str expected");
            return NULL;
        }
        char_map[cp] = (int32_t)PyList_GET_SIZE(reps);
        if (PyList_Append(reps, value) < 0) { Py_DECREF(reps); return NULL; }
    }
    Py_XSETREF(replacements, PyList_AsTuple(reps));
    Py_DECREF(reps);
    if (!replacements) return NULL;
    Py_RETURN_NONE;
}

/* normalize(text): text.translate(TABLE), i.e. every char filter (normalize.normalize). */
static PyObject *normalize_text(PyObject *self, PyObject *text) {
    if (check_call(text, "normalize", replacements != NULL, "configure_chars") < 0) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *d = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), out_len = 0, changed = 0;
    Py_UCS4 maxchar = 0;
    for (Py_ssize_t i = 0; i < n; i++) {  /* pass 1: the output's length and widest character */
        Py_UCS4 c = PyUnicode_READ(kind, d, i);
        int32_t r = c < 0x10000 ? char_map[c] : -1;
        if (r < 0) {
            out_len++;
            if (c > maxchar) maxchar = c;
        } else {
            PyObject *rep = PyTuple_GET_ITEM(replacements, r);
            out_len += PyUnicode_GET_LENGTH(rep);
            if (PyUnicode_MAX_CHAR_VALUE(rep) > maxchar) maxchar = PyUnicode_MAX_CHAR_VALUE(rep);
            changed = 1;
        }
    }
    if (!changed) return Py_NewRef(text);
    PyObject *out = PyUnicode_New(out_len, maxchar);
    if (!out) return NULL;
    int okind = PyUnicode_KIND(out);
    void *od = PyUnicode_DATA(out);
    Py_ssize_t o = 0;
    for (Py_ssize_t i = 0; i < n; i++) {  /* pass 2: write */
        Py_UCS4 c = PyUnicode_READ(kind, d, i);
        int32_t r = c < 0x10000 ? char_map[c] : -1;
        if (r < 0) {
            PyUnicode_WRITE(okind, od, o++, c);
        } else {
            PyObject *rep = PyTuple_GET_ITEM(replacements, r);
            Py_ssize_t m = PyUnicode_GET_LENGTH(rep);
            for (Py_ssize_t j = 0; j < m; j++) PyUnicode_WRITE(okind, od, o++, PyUnicode_READ_CHAR(rep, j));
        }
    }
    return out;
}

static PyMethodDef methods[] = {
    {"configure_chars", configure_chars, METH_O, "configure_chars(table): normalize.TABLE, {code point: str}."},
    {"normalize", normalize_text, METH_O, "normalize(text) -> str: text.translate(table), as normalize.normalize."},
    {"join_hits", join_hits, METH_VARARGS,
     "join_hits(surfaces, first_sep, join) -> list[int]: Compounds.join_tokens's pair test for every surface."},
    {"configure", configure, METH_VARARGS, "configure(letters, prefixes, suffixes, zwnj_suffixes): the tokenizer's tables."},
    {"scan", scan, METH_O, "scan(text) -> list[str]: the same list as SCAN_RE.findall(text)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_scan", "The tokenizer's token scan, compiled.", -1, methods};

PyMODINIT_FUNC PyInit__scan(void) { return PyModule_Create(&module); }
