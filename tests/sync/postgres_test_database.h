// postgres_test_database.h — which store the collector's tests run against.
//
// Without VELDWIJZER_TEST_POSTGRES the tests use SQLite files, as always. With
// it (a postgresql:// URL; ctest's *_postgres entries set it through
// postgres_cluster.sh `with`), every database a test would have kept in a
// SQLite file is instead a fresh schema of that PostgreSQL database:
//
//   const std::string db = test_database(tmp.file("collector.sqlite3"));
//   auto store = open_test_collector_store(tmp.file("collector.sqlite3"));
//
// The schema's name is derived from the file path, so opening the same path
// again (a restart) finds the same data, and every test's temporary folder
// gives it an empty schema of its own. The schemas are not dropped: the
// cluster itself is thrown away when ctest is done.
#pragma once

#include "postgres_collector_store.h"

#include <catch_amalgamated.hpp>
#include <libpq-fe.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

inline std::optional<std::string> test_postgres_url() {
  const char *url = std::getenv("VELDWIJZER_TEST_POSTGRES");
  if (url == nullptr || *url == '\0') {
    return std::nullopt;
  }
  return std::string(url);
}

// Creates the schema (if needed) and returns the URL whose connections use it.
inline std::string postgres_schema_url(const std::string &base_url, const std::string &schema) {
  PGconn *conn = PQconnectdb(base_url.c_str());
  INFO("PostgreSQL test database " << base_url << ": " << PQerrorMessage(conn));
  REQUIRE(PQstatus(conn) == CONNECTION_OK);
  PQsetNoticeProcessor(
      conn, [](void *, const char *) {}, nullptr);
  // An identifier cannot be a bound parameter; `schema` is our own hex name.
  PGresult *created = PQexec(conn, ("CREATE SCHEMA IF NOT EXISTS " + schema).c_str());
  const bool ok = PQresultStatus(created) == PGRES_COMMAND_OK;
  INFO(PQerrorMessage(conn));
  PQclear(created);
  PQfinish(conn);
  REQUIRE(ok);
  // libpq decodes %3D in a URI's query values: options=-csearch_path=<schema>.
  return base_url + (base_url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

// The schema for a SQLite path: "t_" + FNV-1a of the path in hex.
inline std::string postgres_schema_for(const std::string &sqlite_path) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const char c : sqlite_path) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  static const char *hex = "0123456789abcdef";
  std::string name = "t_";
  for (int shift = 60; shift >= 0; shift -= 4) {
    name += hex[(hash >> shift) & 0xf];
  }
  return name;
}

// The --db value for a test database: the SQLite path itself, or the URL of
// its PostgreSQL schema.
inline std::string test_database(const std::string &sqlite_path) {
  const auto url = test_postgres_url();
  return url ? postgres_schema_url(*url, postgres_schema_for(sqlite_path)) : sqlite_path;
}

inline veldwijzer::Result<std::unique_ptr<veldwijzer::collector::CollectorStore>>
open_test_collector_store(const std::string &sqlite_path, veldwijzer::collector::UpsertFault fault = {}) {
  return veldwijzer::collector::open_collector_store(test_database(sqlite_path), std::move(fault));
}
