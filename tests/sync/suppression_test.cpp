// suppression_test.cpp — the proof that suppressed small cells stay hidden.
//
// A seeded, realistic year of Twente counts (14 municipalities, 12 months,
// 9 domains, mostly 0..9 per month × municipality × domain) is protected, and
// every view the API can produce is taken through SignalTable::rows(), the
// function the API serves from. Then, over ALL published numbers of ALL views
// together, no primary-suppressed cell may be recoverable:
//
//   a hidden cell with indicator vector h over the finest cells is exactly
//   recoverable iff h lies in the row space of the published cells' vectors.
//
// Two independent checks:
//  1. Gaussian elimination, exact, modulo the prime 4294967291. The test maps
//     view labels to finest cells itself ("2026-Q1" -> Jan..Mar, "twente" ->
//     all 14), and works in a per-hierarchy basis (year, Q1..Q3, two months
//     per quarter; region and 13 municipalities; ...) so the rows stay sparse;
//     a change of basis does not change the row space. Modular rank can only
//     drop for a prime dividing the matrix's minors, which for 0/1 rows this
//     size is practically impossible; check 2 is exact regardless.
//  2. Every witness the algorithm reports is checked in exact integers: it
//     sums to 0 over every published cell and to ±1 over its hidden cell,
//     which proves that cell is outside the row space.
#include "suppression.h"

#include <catch_amalgamated.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace veldwijzer;
using namespace veldwijzer::collector;

namespace {

const std::vector<std::string> kTwente = {"GM0141", "GM0147", "GM1774", "GM0153", "GM0158", "GM0163", "GM0164",
                                          "GM1735", "GM0168", "GM0173", "GM1742", "GM0183", "GM1700", "GM0189"};
// Inhabitants in thousands, roughly (CBS 2023), to spread the visits.
const std::vector<double> kInhabitants = {73, 24, 26, 160, 24, 36, 81, 35, 23, 32, 38, 21, 34, 25};
const std::vector<std::string> kDomains = {"J1", "J2", "J3", "J4", "J5", "J6", "J7", "J8", "J9"};
const std::vector<std::string> kAgeBands = {"prenataal", "0-3", "4-11", "12-17"};
constexpr const char *kChecklist = "jgz-vroegsignalering";

// Portable draws (the standard distributions differ between libraries).
struct Draw {
  std::mt19937_64 rng;
  explicit Draw(std::uint64_t seed) : rng(seed) {}
  double uniform() { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }
  int poisson(double lambda) {
    const double limit = std::exp(-lambda);
    int k = 0;
    for (double p = uniform(); p > limit; p *= uniform()) {
      ++k;
    }
    return k;
  }
  int pick(int n) { return static_cast<int>(uniform() * n); }
};

// Home visits with the JGZ checklist: about `visits_per_month` in Twente, each
// scoring all nine domains; most domains "geen zorg", a few "aandacht" or
// "zorg", "acuut" rare. Spread over age bands and routes, so one cell key
// appears in many AggregateCells (the store sums over reports; we add ours).
std::vector<AggregateCell> realistic_year(std::uint64_t seed, int year, double visits_per_month) {
  Draw draw(seed);
  const double total = [] {
    double t = 0;
    for (double x : kInhabitants) {
      t += x;
    }
    return t;
  }();
  // Per domain: probability of aandacht, zorg, acuut (acuut only where the checklist allows it).
  const double p[9][3] = {{.05, .02, 0},     {.03, .015, .003}, {.08, .04, 0},  {.02, .01, .004}, {.02, .01, .002},
                          {.03, .015, .003}, {.06, .03, 0},     {.04, .015, 0}, {.04, .02, 0}};
  std::map<std::tuple<int, int, int, int, int, int>, std::int64_t> counts;
  for (int month = 1; month <= 12; ++month) {
    const double season = month == 7 || month == 8 ? 0.6 : 1.0; // summer holidays
    for (std::size_t m = 0; m < kTwente.size(); ++m) {
      const int visits = draw.poisson(visits_per_month * season * kInhabitants[m] / total);
      for (int v = 0; v < visits; ++v) {
        const int age = draw.pick(4);
        for (int d = 0; d < 9; ++d) {
          const double u = draw.uniform();
          const int level = u < p[d][2] ? 3 : u < p[d][2] + p[d][1] ? 2 : u < p[d][2] + p[d][1] + p[d][0] ? 1 : 0;
          const int route = level == 0 ? 0 : 1 + draw.pick(2);
          ++counts[{month, static_cast<int>(m), age, d, level, route}];
        }
      }
    }
  }
  std::vector<AggregateCell> cells;
  for (const auto &[key, count] : counts) {
    const auto [month, m, age, d, level, route] = key;
    AggregateCell c;
    c.period = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
    c.municipality = kTwente[static_cast<std::size_t>(m)];
    c.age_band = kAgeBands[static_cast<std::size_t>(age)];
    c.checklist = kChecklist;
    c.checklist_version = 1;
    c.domain = kDomains[static_cast<std::size_t>(d)];
    c.level = static_cast<SignalLevel>(level);
    c.route = route == 0 ? "" : "route-" + std::to_string(route);
    c.count = count;
    cells.push_back(c);
  }
  return cells;
}

// A published (or hidden) number's identity: one node in each hierarchy.
struct Key {
  std::string period, area, domain;
  Measure measure;
  auto operator<=>(const Key &) const = default;
};

// ---- The test's own idea of which finest cells a label covers.

// Finest cell coordinates: month 0..11, municipality 0..13, domain 0..8, level 0..3.
struct LeafSets {
  std::vector<int> months, areas, domains, levels;
};

LeafSets leaves_of(const Key &key, int year) {
  LeafSets s;
  const std::string y = std::to_string(year);
  REQUIRE(key.period.starts_with(y));
  if (key.period == y) {
    for (int m = 0; m < 12; ++m) {
      s.months.push_back(m);
    }
  } else if (key.period[5] == 'Q') {
    const int q = key.period[6] - '1';
    s.months = {3 * q, 3 * q + 1, 3 * q + 2};
  } else {
    s.months = {std::stoi(key.period.substr(5)) - 1};
  }
  if (key.area == "twente") {
    for (int a = 0; a < 14; ++a) {
      s.areas.push_back(a);
    }
  } else {
    const auto it = std::find(kTwente.begin(), kTwente.end(), key.area);
    REQUIRE(it != kTwente.end());
    s.areas = {static_cast<int>(it - kTwente.begin())};
  }
  if (key.domain == "all") {
    for (int d = 0; d < 9; ++d) {
      s.domains.push_back(d);
    }
  } else {
    const auto it = std::find(kDomains.begin(), kDomains.end(), key.domain);
    REQUIRE(it != kDomains.end());
    s.domains = {static_cast<int>(it - kDomains.begin())};
  }
  switch (key.measure) {
  case Measure::assessed:
    s.levels = {0, 1, 2, 3};
    break;
  case Measure::signals:
    s.levels = {1, 2, 3};
    break;
  case Measure::attention:
    s.levels = {1};
    break;
  case Measure::concern:
    s.levels = {2};
    break;
  case Measure::acute:
    s.levels = {3};
    break;
  case Measure::no_concern:
    s.levels = {0};
    break;
  }
  return s;
}

// The exact counts, summed by the test itself from the raw cells.
class RawCounts {
public:
  RawCounts(const std::vector<AggregateCell> &cells, int year) : year_(year), leaf_(12 * 14 * 9 * 4, 0) {
    for (const AggregateCell &c : cells) {
      if (!c.period.starts_with(std::to_string(year)) || c.checklist != kChecklist) {
        continue;
      }
      const auto area = std::find(kTwente.begin(), kTwente.end(), c.municipality) - kTwente.begin();
      const auto domain = std::find(kDomains.begin(), kDomains.end(), c.domain) - kDomains.begin();
      REQUIRE(area < 14);
      REQUIRE(domain < 9);
      leaf_[index(std::stoi(c.period.substr(5)) - 1, static_cast<int>(area), static_cast<int>(domain),
                  static_cast<int>(c.level))] += c.count;
    }
  }
  std::int64_t operator()(const Key &key) const {
    const LeafSets s = leaves_of(key, year_);
    std::int64_t sum = 0;
    for (const int m : s.months) {
      for (const int a : s.areas) {
        for (const int d : s.domains) {
          for (const int l : s.levels) {
            sum += leaf_[index(m, a, d, l)];
          }
        }
      }
    }
    return sum;
  }

private:
  static std::size_t index(int m, int a, int d, int l) {
    return static_cast<std::size_t>(((m * 14 + a) * 9 + d) * 4 + l);
  }
  int year_;
  std::vector<std::int64_t> leaf_;
};

// ---- Exact linear algebra modulo a prime.

constexpr std::uint64_t kPrime = 4294967291ULL; // largest prime below 2^32: products fit in 64 bits

std::uint64_t mul(std::uint64_t a, std::uint64_t b) {
  return a * b % kPrime;
}
std::uint64_t sub(std::uint64_t a, std::uint64_t b) {
  return a >= b ? a - b : a + kPrime - b;
}
std::uint64_t from_int(std::int64_t x) {
  return x >= 0 ? static_cast<std::uint64_t>(x) % kPrime : (kPrime - static_cast<std::uint64_t>(-x) % kPrime) % kPrime;
}
std::uint64_t inverse(std::uint64_t a) {
  std::uint64_t result = 1, e = kPrime - 2;
  for (; e; e >>= 1, a = mul(a, a)) {
    if (e & 1) {
      result = mul(result, a);
    }
  }
  return result;
}

// Inverts a small square matrix (rows of ints) modulo the prime.
std::vector<std::vector<std::uint64_t>> invert(const std::vector<std::vector<int>> &m) {
  const std::size_t n = m.size();
  std::vector<std::vector<std::uint64_t>> a(n, std::vector<std::uint64_t>(2 * n, 0));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      a[i][j] = from_int(m[i][j]);
    }
    a[i][n + i] = 1;
  }
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    while (pivot < n && a[pivot][col] == 0) {
      ++pivot;
    }
    REQUIRE(pivot < n); // the basis must be a basis
    std::swap(a[pivot], a[col]);
    const std::uint64_t inv = inverse(a[col][col]);
    for (auto &x : a[col]) {
      x = mul(x, inv);
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (r != col && a[r][col] != 0) {
        const std::uint64_t f = a[r][col];
        for (std::size_t j = 0; j < 2 * n; ++j) {
          a[r][j] = sub(a[r][j], mul(f, a[col][j]));
        }
      }
    }
  }
  std::vector<std::vector<std::uint64_t>> inv(n, std::vector<std::uint64_t>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      inv[i][j] = a[i][n + j];
    }
  }
  return inv;
}

// Coordinates of leaf sets in a basis of leaf sets (one hierarchy).
struct Basis {
  std::size_t size = 0;
  std::vector<std::vector<std::uint64_t>> inv; // inv * indicator = coordinates

  explicit Basis(const std::vector<std::vector<int>> &basis_sets, std::size_t leaves) : size(leaves) {
    REQUIRE(basis_sets.size() == leaves);
    std::vector<std::vector<int>> m(leaves, std::vector<int>(leaves, 0)); // columns are the basis vectors
    for (std::size_t j = 0; j < leaves; ++j) {
      for (const int leaf : basis_sets[j]) {
        m[static_cast<std::size_t>(leaf)][j] = 1;
      }
    }
    inv = invert(m);
  }
  std::vector<std::pair<std::size_t, std::uint64_t>> coordinates(const std::vector<int> &set) const {
    std::vector<std::pair<std::size_t, std::uint64_t>> out;
    for (std::size_t i = 0; i < size; ++i) {
      std::uint64_t x = 0;
      for (const int leaf : set) {
        x = (x + inv[i][static_cast<std::size_t>(leaf)]) % kPrime;
      }
      if (x != 0) {
        out.emplace_back(i, x);
      }
    }
    return out;
  }
};

std::vector<int> range(int from, int to) {
  std::vector<int> v;
  for (int i = from; i < to; ++i) {
    v.push_back(i);
  }
  return v;
}

// Incremental row echelon form over GF(p), sparse pivot rows.
class RowSpace {
public:
  explicit RowSpace(std::size_t columns) : pivots_(columns), scratch_(columns, 0) {}

  // Adds a row; true when it was independent of the rows so far.
  bool add(const std::vector<std::pair<std::size_t, std::uint64_t>> &row) {
    const std::size_t lead = reduce(row);
    if (lead == npos) {
      return false;
    }
    const std::uint64_t inv = inverse(scratch_[lead]);
    auto &pivot = pivots_[lead];
    for (std::size_t c = lead; c < scratch_.size(); ++c) {
      if (scratch_[c] != 0) {
        pivot.emplace_back(c, mul(scratch_[c], inv));
        scratch_[c] = 0;
      }
    }
    ++rank_;
    return true;
  }
  bool contains(const std::vector<std::pair<std::size_t, std::uint64_t>> &row) {
    const std::size_t lead = reduce(row);
    std::fill(scratch_.begin(), scratch_.end(), 0);
    return lead == npos;
  }
  std::size_t rank() const { return rank_; }

private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  // Reduces into scratch_; returns the first column left without a pivot.
  std::size_t reduce(const std::vector<std::pair<std::size_t, std::uint64_t>> &row) {
    for (const auto &[c, x] : row) {
      scratch_[c] = x;
    }
    std::size_t first = row.empty() ? scratch_.size() : row.front().first;
    for (std::size_t c = first; c < scratch_.size(); ++c) {
      if (scratch_[c] == 0) {
        continue;
      }
      if (pivots_[c].empty()) {
        return c;
      }
      const std::uint64_t f = scratch_[c];
      for (const auto &[pc, px] : pivots_[c]) {
        scratch_[pc] = sub(scratch_[pc], mul(f, px));
      }
    }
    return npos;
  }
  std::vector<std::vector<std::pair<std::size_t, std::uint64_t>>> pivots_;
  std::vector<std::uint64_t> scratch_;
  std::size_t rank_ = 0;
};

// The four hierarchies' bases: coarse nodes plus all but one child each.
struct TensorBasis {
  Basis period{{range(0, 12), range(0, 3), range(3, 6), range(6, 9), {0}, {1}, {3}, {4}, {6}, {7}, {9}, {10}}, 12};
  Basis area{[] {
               std::vector<std::vector<int>> b = {range(0, 14)};
               for (int i = 0; i < 13; ++i) {
                 b.push_back({i});
               }
               return b;
             }(),
             14};
  Basis domain{[] {
                 std::vector<std::vector<int>> b = {range(0, 9)};
                 for (int i = 0; i < 8; ++i) {
                   b.push_back({i});
                 }
                 return b;
               }(),
               9};
  Basis level{{{0, 1, 2, 3}, {1, 2, 3}, {1}, {2}}, 4};

  std::size_t columns() const { return 12 * 14 * 9 * 4; }
  std::vector<std::pair<std::size_t, std::uint64_t>> row(const Key &key, int year) const {
    const LeafSets s = leaves_of(key, year);
    std::vector<std::pair<std::size_t, std::uint64_t>> out;
    for (const auto &[p, xp] : period.coordinates(s.months)) {
      for (const auto &[a, xa] : area.coordinates(s.areas)) {
        for (const auto &[d, xd] : domain.coordinates(s.domains)) {
          for (const auto &[l, xl] : level.coordinates(s.levels)) {
            out.emplace_back(((p * 14 + a) * 9 + d) * 4 + l, mul(mul(xp, xa), mul(xd, xl)));
          }
        }
      }
    }
    return out;
  }
};

const std::vector<ViewSpec> &every_view() {
  static const std::vector<ViewSpec> views = [] {
    std::vector<ViewSpec> v;
    for (const auto period : {PeriodRollup::month, PeriodRollup::quarter, PeriodRollup::year}) {
      for (const auto geo : {GeoRollup::municipality, GeoRollup::region}) {
        for (const auto domain : {DomainRollup::each, DomainRollup::all}) {
          v.push_back({period, geo, domain});
        }
      }
    }
    return v;
  }();
  return views;
}

// Every number of every view, keyed; a key must read the same in every view.
std::map<Key, std::optional<std::int64_t>> all_views(const SignalTable &table) {
  std::map<Key, std::optional<std::int64_t>> out;
  for (const ViewSpec &spec : every_view()) {
    for (const ViewRow &row : table.rows(spec)) {
      for (const Measure m : kAllMeasures) {
        const Key key{row.period, row.area, row.domain, m};
        const auto value = row.counts[measure_index(m)];
        const auto [it, inserted] = out.emplace(key, value);
        if (!inserted) {
          INFO(key.period << " " << key.area << " " << key.domain << " " << measure_code(m));
          REQUIRE(it->second == value);
        }
      }
    }
  }
  return out;
}

struct Audit {
  std::size_t published = 0, primary = 0, secondary = 0, rank = 0;
};

// Check 1: no primary cell (the test decides which are primary, from the raw
// cells) is published, and none lies in the row space of the published ones.
Audit audit_by_elimination(const SignalTable &table, const std::vector<AggregateCell> &cells, int minimum_cell) {
  const int year = table.year();
  const RawCounts exact_count(cells, year);
  const auto views = all_views(table);
  TensorBasis basis;
  RowSpace space(basis.columns());
  Audit audit;
  std::vector<Key> primaries;
  for (const auto &[key, value] : views) {
    const std::int64_t exact = exact_count(key);
    if (value) {
      ++audit.published;
      INFO(key.period << " " << key.area << " " << key.domain << " " << measure_code(key.measure) << " = " << exact);
      REQUIRE((exact == 0 || exact >= minimum_cell)); // primary suppression
      space.add(basis.row(key, year));
    } else if (exact >= 1 && exact < minimum_cell) {
      primaries.push_back(key);
    } else {
      ++audit.secondary;
    }
  }
  audit.rank = space.rank();
  for (const Key &key : primaries) {
    INFO("recoverable: " << key.period << " " << key.area << " " << key.domain << " " << measure_code(key.measure));
    REQUIRE_FALSE(space.contains(basis.row(key, year)));
  }
  audit.primary = primaries.size();
  return audit;
}

// Check 2: each witness, in exact integers. For a cell whose nodes cover leaf
// sets S_d, <w, cell> = prod_d (sum over S_d of f_d).
void audit_witnesses(const SignalTable &table) {
  const Lattice &lattice = table.lattice();
  const Protection &p = table.protection();
  REQUIRE(p.witnesses.size() == p.primary_cells.size());
  const auto &dims = lattice.dimensions();
  std::vector<std::size_t> published;
  for (std::size_t cell = 0; cell < lattice.cell_count(); ++cell) {
    if (!p.hidden(cell)) {
      published.push_back(cell);
    }
  }
  std::vector<std::vector<int>> nodes(lattice.cell_count());
  for (std::size_t cell = 0; cell < lattice.cell_count(); ++cell) {
    nodes[cell] = lattice.nodes(cell);
  }
  for (std::size_t i = 0; i < p.primary_cells.size(); ++i) {
    const Witness &w = p.witnesses[i];
    const auto dot = [&](std::size_t cell) {
      std::int64_t product = 1;
      for (std::size_t d = 0; d < dims.size() && product != 0; ++d) {
        const int node = nodes[cell][d];
        product *= (dims[d].contains(node, w.a[d]) ? 1 : 0) - (w.b[d] >= 0 && dims[d].contains(node, w.b[d]) ? 1 : 0);
      }
      return product;
    };
    const std::int64_t own = dot(p.primary_cells[i]);
    REQUIRE((own == 1 || own == -1));
    for (const std::size_t cell : published) {
      if (dot(cell) != 0) {
        FAIL("a published cell is not orthogonal to the witness of primary cell " << i);
      }
    }
  }
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

SignalTable protect_year(const std::vector<AggregateCell> &cells, SuppressionRules rules, int year = 2026) {
  auto table = SignalTable::protect(kChecklist, year, kTwente, kDomains, cells, rules);
  REQUIRE(table.ok());
  return std::move(table).value();
}

// The value a view shows for one key, or nullopt when hidden; fails when the view lacks the row.
std::optional<std::int64_t> shown(const SignalTable &table, ViewSpec spec, const Key &key) {
  for (const ViewRow &row : table.rows(spec)) {
    if (row.period == key.period && row.area == key.area && row.domain == key.domain) {
      return row.counts[measure_index(key.measure)];
    }
  }
  FAIL("no row " << key.period << " " << key.area << " " << key.domain);
  return std::nullopt;
}

AggregateCell cell(std::string period, std::string municipality, std::string domain, SignalLevel level,
                   std::int64_t count) {
  AggregateCell c;
  c.period = std::move(period);
  c.municipality = std::move(municipality);
  c.age_band = "0-3";
  c.checklist = kChecklist;
  c.checklist_version = 1;
  c.domain = std::move(domain);
  c.level = level;
  c.route = level == SignalLevel::none ? "" : "route-1";
  c.count = count;
  return c;
}

} // namespace

TEST_CASE("no primary-suppressed cell of any view can be recomputed from all published numbers of all views") {
  const auto t0 = std::chrono::steady_clock::now();
  for (const std::uint64_t seed : {20261u, 20262u}) {
    const auto cells = realistic_year(seed, 2026, 320);
    SuppressionRules rules;
    rules.round_to_5 = false; // the attacker's best case: exact numbers
    const auto t1 = std::chrono::steady_clock::now();
    const SignalTable table = protect_year(cells, rules);
    const double protect_s = seconds_since(t1);

    // The data is what the issue describes: month × municipality × domain
    // signal counts mostly below 10.
    const RawCounts exact_count(cells, 2026);
    std::size_t small = 0, fine = 0;
    for (const ViewRow &row : table.rows({PeriodRollup::month, GeoRollup::municipality, DomainRollup::each})) {
      const Key key{row.period, row.area, row.domain, Measure::signals};
      const std::int64_t n = exact_count(key);
      small += n < 10 ? 1 : 0;
      ++fine;
    }
    CHECK(small * 10 > fine * 8);

    const Audit audit = audit_by_elimination(table, cells, rules.minimum_cell);
    audit_witnesses(table);
    CHECK(audit.primary > 1000);
    CHECK(audit.published > 1000);
    WARN("seed " << seed << ": " << audit.published << " published, " << audit.primary << " primary, "
                 << audit.secondary << " secondary hidden, rank " << audit.rank << "; protect " << protect_s << " s");
  }
  CHECK(seconds_since(t0) < 30);
}

TEST_CASE("every view's cells sum to the view's finest cells, and nothing is lost") {
  const auto cells = realistic_year(7, 2026, 320);
  SuppressionRules rules;
  rules.round_to_5 = false;
  const SignalTable table = protect_year(cells, rules);
  std::int64_t all = 0;
  for (const AggregateCell &c : cells) {
    all += c.count;
  }
  const Lattice &lattice = table.lattice();
  const RawCounts exact_count(cells, 2026);
  for (const ViewSpec &spec : every_view()) {
    std::int64_t view_total = 0;
    for (const ViewRow &row : table.rows(spec)) {
      for (const Measure m : kAllMeasures) {
        const Key key{row.period, row.area, row.domain, m};
        std::vector<int> nodes;
        const std::string names[4] = {row.period, row.area, row.domain, std::string(measure_code(m))};
        for (std::size_t d = 0; d < 4; ++d) {
          const auto &n = lattice.dimensions()[d].names;
          nodes.push_back(static_cast<int>(std::find(n.begin(), n.end(), names[d]) - n.begin()));
        }
        const std::int64_t exact = table.protection().exact[lattice.cell(nodes)];
        REQUIRE(exact == exact_count(key));
        if (row.counts[measure_index(m)]) {
          CHECK(*row.counts[measure_index(m)] == exact); // unrounded: shown as counted
        }
        if (m == Measure::assessed) {
          view_total += exact;
        }
      }
    }
    CHECK(view_total == all);
  }
  CHECK(table.ignored_cells() == 0);
}

TEST_CASE("rounding to 5 keeps the suppression pattern and gives a cell one value in every view") {
  const auto cells = realistic_year(11, 2026, 320);
  SuppressionRules exact_rules;
  exact_rules.round_to_5 = false;
  SuppressionRules rounded_rules;
  rounded_rules.round_to_5 = true;
  const SignalTable exact = protect_year(cells, exact_rules);
  const SignalTable rounded = protect_year(cells, rounded_rules);
  const auto exact_views = all_views(exact);     // also checks one value per key
  const auto rounded_views = all_views(rounded); // likewise
  REQUIRE(exact_views.size() == rounded_views.size());
  for (const auto &[key, value] : exact_views) {
    const auto r = rounded_views.at(key);
    REQUIRE(r.has_value() == value.has_value());
    if (value) {
      CHECK(*r % 5 == 0);
      CHECK(std::abs(*r - *value) <= 2);
      CHECK(*r == round_to_multiple_of_5(*value));
      CHECK((*r == 0 || *r >= 10));
    }
  }
  CHECK(round_to_multiple_of_5(0) == 0);
  CHECK(round_to_multiple_of_5(10) == 10);
  CHECK(round_to_multiple_of_5(12) == 10);
  CHECK(round_to_multiple_of_5(13) == 15);
}

TEST_CASE("Q1 for Twente minus January and February does not reveal March") {
  // J4 signals in Twente: January 12 and February 11 (one municipality
  // each), March 4. Everything else is large, so only suppression stands in
  // the way.
  std::vector<AggregateCell> cells;
  for (int m = 1; m <= 3; ++m) {
    for (const std::string &gm : kTwente) {
      cells.push_back(cell("2026-0" + std::to_string(m), gm, "J4", SignalLevel::none, 40));
    }
  }
  cells.push_back(cell("2026-01", "GM0153", "J4", SignalLevel::concern, 12));
  cells.push_back(cell("2026-02", "GM0164", "J4", SignalLevel::concern, 11));
  cells.push_back(cell("2026-03", "GM0141", "J4", SignalLevel::concern, 4));
  const SignalTable table = protect_year(cells, {10, false});

  const Key march{"2026-03", "twente", "J4", Measure::signals};
  CHECK_FALSE(shown(table, {PeriodRollup::month, GeoRollup::region, DomainRollup::each}, march));
  const auto q1 = shown(table, {PeriodRollup::quarter, GeoRollup::region, DomainRollup::each},
                        {"2026-Q1", "twente", "J4", Measure::signals});
  const auto jan = shown(table, {PeriodRollup::month, GeoRollup::region, DomainRollup::each},
                         {"2026-01", "twente", "J4", Measure::signals});
  const auto feb = shown(table, {PeriodRollup::month, GeoRollup::region, DomainRollup::each},
                         {"2026-02", "twente", "J4", Measure::signals});
  CHECK_FALSE((q1 && jan && feb)); // the subtraction cannot be made
  audit_by_elimination(table, cells, 10);
  audit_witnesses(table);
}

TEST_CASE("a year minus Q1 to Q3 does not reveal Q4") {
  std::vector<AggregateCell> cells;
  const int zorg[12] = {4, 4, 4, 5, 4, 3, 2, 4, 5, 1, 2, 3}; // Q1..Q3 ≥ 10, Q4 = 6
  for (int m = 1; m <= 12; ++m) {
    const std::string period = std::string("2026-") + (m < 10 ? "0" : "") + std::to_string(m);
    cells.push_back(cell(period, "GM0153", "J3", SignalLevel::none, 60));
    cells.push_back(cell(period, "GM0153", "J3", SignalLevel::concern, zorg[m - 1]));
  }
  const SignalTable table = protect_year(cells, {10, false});
  const ViewSpec quarters{PeriodRollup::quarter, GeoRollup::municipality, DomainRollup::each};
  const ViewSpec year{PeriodRollup::year, GeoRollup::municipality, DomainRollup::each};
  CHECK_FALSE(shown(table, quarters, {"2026-Q4", "GM0153", "J3", Measure::signals}));
  bool all_shown = shown(table, year, {"2026", "GM0153", "J3", Measure::signals}).has_value();
  for (const char *q : {"2026-Q1", "2026-Q2", "2026-Q3"}) {
    all_shown = all_shown && shown(table, quarters, {q, "GM0153", "J3", Measure::signals}).has_value();
  }
  CHECK_FALSE(all_shown);
  audit_by_elimination(table, cells, 10);
  audit_witnesses(table);
}

TEST_CASE("the Twente total minus thirteen municipalities does not reveal the fourteenth") {
  std::vector<AggregateCell> cells;
  for (std::size_t i = 0; i < kTwente.size(); ++i) {
    cells.push_back(cell("2026-05", kTwente[i], "J7", SignalLevel::none, 30));
    cells.push_back(cell("2026-05", kTwente[i], "J7", SignalLevel::attention, i == 5 ? 3 : 10 + static_cast<int>(i)));
  }
  const SignalTable table = protect_year(cells, {10, false});
  const ViewSpec each{PeriodRollup::month, GeoRollup::municipality, DomainRollup::each};
  const ViewSpec region{PeriodRollup::month, GeoRollup::region, DomainRollup::each};
  CHECK_FALSE(shown(table, each, {"2026-05", kTwente[5], "J7", Measure::attention}));
  int shown_count = shown(table, region, {"2026-05", "twente", "J7", Measure::attention}) ? 1 : 0;
  for (std::size_t i = 0; i < kTwente.size(); ++i) {
    if (i != 5) {
      shown_count += shown(table, each, {"2026-05", kTwente[i], "J7", Measure::attention}) ? 1 : 0;
    }
  }
  CHECK(shown_count < 14); // at least one more number is hidden
  // The same for the other columns the fourteenth's count hides in.
  CHECK_FALSE(shown(table, each, {"2026-05", kTwente[5], "J7", Measure::signals}));
  audit_by_elimination(table, cells, 10);
  audit_witnesses(table);
}

TEST_CASE("zero is shown as 0, small counts as suppressed, and the rules refuse a minimum below 5") {
  std::vector<AggregateCell> cells = {cell("2026-01", "GM0153", "J1", SignalLevel::none, 25)};
  const SignalTable table = protect_year(cells, {10, false});
  const auto row = shown(table, {PeriodRollup::month, GeoRollup::municipality, DomainRollup::each},
                         {"2026-01", "GM0153", "J1", Measure::signals});
  REQUIRE(row);
  CHECK(*row == 0);

  CHECK(suppression_rules_problem({5, true}) == std::nullopt);
  REQUIRE(suppression_rules_problem({4, true}));
  CHECK_THAT(*suppression_rules_problem({4, true}), Catch::Matchers::ContainsSubstring("below 5"));
  const auto refused = SignalTable::protect(kChecklist, 2026, kTwente, kDomains, cells, {3, false});
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error(), Catch::Matchers::ContainsSubstring("below 5"));
}

TEST_CASE("a higher minimum cell hides more, and the proof still holds") {
  const auto cells = realistic_year(99, 2026, 320);
  const SignalTable table = protect_year(cells, {15, false});
  audit_by_elimination(table, cells, 15);
  audit_witnesses(table);
}

TEST_CASE("cells outside the region, the year or the checklist are left out and counted") {
  std::vector<AggregateCell> cells = {cell("2026-01", "GM0153", "J1", SignalLevel::none, 25),
                                      cell("2026-01", "GM0363", "J1", SignalLevel::none, 25),
                                      cell("2025-12", "GM0153", "J1", SignalLevel::none, 25)};
  cells.back().checklist = "ouderen-vroegsignalering";
  cells.push_back(cell("2025-12", "GM0153", "J1", SignalLevel::none, 25)); // another year: not this table's
  const SignalTable table = protect_year(cells, {10, false});
  CHECK(table.ignored_cells() == 1); // GM0363 (Amsterdam) is not in Twente
  const auto total = shown(table, {PeriodRollup::year, GeoRollup::region, DomainRollup::all},
                           {"2026", "twente", "all", Measure::assessed});
  REQUIRE(total);
  CHECK(*total == 25);
}
