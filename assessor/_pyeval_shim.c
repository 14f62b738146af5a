/* A one-function shim so durable-rules imports on Python 3.13 and later.

   PyEval_CallObject was removed from Python 3.13's C API, and durable-rules
   2.0.28 (its last release) still refers to it: its extension fails to import
   with "undefined symbol: PyEval_CallObject".  This module exports the symbol
   (as PyObject_CallObject, which it always was); assessor.engine loads it with
   RTLD_GLOBAL before importing durable_rules_engine, so the engine imports
   unchanged and no one has to rebuild it with special flags. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

PyObject *PyEval_CallObject(PyObject *callable, PyObject *args)
{
    return PyObject_CallObject(callable, args);
}

static struct PyModuleDef shim = {PyModuleDef_HEAD_INIT, "_pyeval_shim", NULL, -1, NULL};

PyMODINIT_FUNC PyInit__pyeval_shim(void)
{
    return PyModule_Create(&shim);
}
