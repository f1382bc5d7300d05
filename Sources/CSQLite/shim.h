// Private C shim over the system SQLite for accord. Not API: only AccordSQLite imports it.
//
// SQLITE_TRANSIENT is a cast macro and sqlite3_db_config is variadic; Swift can use
// neither, so these `static inline` functions hand them over.
#ifndef ACCORD_CSQLITE_SHIM_H
#define ACCORD_CSQLITE_SHIM_H

#include <sqlite3.h>

/// Binds NUL-terminated UTF-8 text, copied by SQLite before this returns.
static inline int accord_sqlite_bind_text(sqlite3_stmt *statement, int index, const char *text) {
  return sqlite3_bind_text(statement, index, text, -1, SQLITE_TRANSIENT);
}

/// Binds `count` bytes, copied by SQLite before this returns.
static inline int accord_sqlite_bind_blob(
    sqlite3_stmt *statement, int index, const void *bytes, int count) {
  return sqlite3_bind_blob(statement, index, bytes, count, SQLITE_TRANSIENT);
}

/// Double-quoted text is an identifier only, never a string literal (as GRDB set it), so a
/// misspelt column in a metric is an error rather than a constant.
static inline void accord_sqlite_disable_dqs(sqlite3 *db) {
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (void *)0);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (void *)0);
}

#endif
