// suppression.h — small-cell protection for the counts the data team reads.
//
//   auto table = SignalTable::protect("jgz-vroegsignalering", 2026, municipality_codes, domain_ids, cells, rules);
//   for (const ViewRow &row : table.value().rows({PeriodRollup::quarter, GeoRollup::region, DomainRollup::each}))
//     ... row.counts[measure_index(Measure::signals)] ... // nullopt = suppressed, shown as "."
//
// Pure: values in, values out; no HTTP, no SQL.
//
// WHAT IS PUBLISHED. For one checklist and one calendar year the collector
// publishes a LATTICE of cells: the product of four hierarchies
//   period   month ⊂ quarter ⊂ year            (12 + 4 + 1 nodes)
//   area     municipality ⊂ region (Twente)     (14 + 1)
//   domain   domain ⊂ all domains               (9 + 1)
//   measure  aandacht, zorg, acuut ⊂ signals; signals, geen-zorg ⊂ assessed (6)
// Every view the API can produce (period=month|quarter|year, geo=municipality|
// twente, domain=each|all, any level columns, any from/to/municipality/domain
// filter) is a set of lattice cells, never a new sum: filters only pick rows,
// and a quarter or year is always whole. Age band, route and checklist
// version are summed over; no cell spans two years or two checklists, so
// separate lattices share no linear relation.
//
// PRIMARY SUPPRESSION. A cell counting 1 .. minimum_cell-1 people is hidden
// (".", as CBS does). 0 is shown: an empty cell describes nobody, and hiding
// every zero would mark the non-zero cells around it. minimum_cell is 10 by
// default and never below 5.
//
// SECONDARY SUPPRESSION, JOINTLY OVER THE WHOLE LATTICE. A hidden cell h is
// exactly recoverable from the published numbers iff its indicator vector
// over the finest cells lies in the row space of the published cells'
// vectors — whatever views, differences or totals are combined. So for each
// primary cell we hide enough cells that a WITNESS exists: a vector w over
// the finest cells with <w, h> = ±1 and <w, c> = 0 for every published cell c.
// Then h is outside the row space: no combination of published numbers from
// any number of views yields it. We build w as a tensor product, one factor
// per hierarchy: e_a − e_b (a leaf a inside h's node, b outside it) or e_a.
// A lattice cell c sums w to a non-zero value exactly when, in every
// hierarchy, c's node contains exactly one of a and b (for e_a − e_b) or
// contains a (for e_a) — so the cells w "touches" form a product of short
// tree paths, and hiding all of them makes w a witness. For a month × GM ×
// domain cell this is typically the 2×2×2×2 block {month, sibling month} ×
// {GM, another GM} × {domain, another domain} × {level, another level}: a
// hierarchical version of the hypercube method of CBS's τ-ARGUS. Among all
// such witnesses a greedy branch and bound (widest primary cells first, the 8
// cheapest factors per hierarchy) takes the one that hides the fewest people
// (cost 1 + count per newly hidden cell; cells already hidden cost nothing)
// and, where it can, whose 2^k corner cells are all non-empty: then the
// counts plus or minus w are another non-negative answer that fits every
// published number, so not even non-negativity pins the hidden value (about
// half the primary cells in realistic data get such a witness; the rest are
// still not exactly recoverable). Cells are only ever added to the
// hidden set, so a witness found earlier stays valid: when the loop ends,
// every primary cell has one. Because the lattice is protected as one set, a
// Q1 total minus January and February, a year minus Q1..Q3, or Twente minus
// 13 municipalities cannot reveal a hidden cell: each of those differences is
// one vector in the row space, and w is orthogonal to all of it.
//
// The guarantee is exact non-recoverability (linear algebra over the exact,
// unrounded published numbers). tests/sync/suppression_test.cpp checks it
// independently by Gaussian elimination and checks every witness exactly.
// Secondary cells may be recoverable; that is by design (they are not small).
//
// ROUNDING. With round_to_5, every published count is rounded to the nearest
// multiple of 5 (CBS: 12 → 10, 13 → 15). Suppression is decided on the exact
// counts first, so rounding only adds uncertainty; a cell has one value in
// every view. Rounded views need not add up, as in CBS tables.
#pragma once

#include "veldwijzer/result.h"
#include "veldwijzer/upload_format.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer::collector {

struct SuppressionRules {
  int minimum_cell = 10;  // cells 1 .. minimum_cell-1 are hidden; 5 .. 1000
  bool round_to_5 = true; // published counts to the nearest multiple of 5
};
inline constexpr int kLowestMinimumCell = 5;
// Why the rules may not be used, or nullopt when they may.
std::optional<std::string> suppression_rules_problem(const SuppressionRules &rules);

std::int64_t round_to_multiple_of_5(std::int64_t count); // 12 -> 10, 13 -> 15

// ---- The general machinery: hierarchies, their product, and protection.

// One hierarchy: a tree whose nodes 0 .. leaf_count-1 are the leaves.
struct Hierarchy {
  std::vector<std::string> names; // one per node
  std::vector<int> parent;        // one per node; -1 for the root
  int leaf_count = 0;
  std::vector<std::uint64_t> leaves; // per node: bit i set when leaf i lies under it

  int node_count() const { return static_cast<int>(parent.size()); }
  bool contains(int node, int leaf) const { return (leaves[static_cast<std::size_t>(node)] >> leaf) & 1U; }
};
// Checks the tree: one root, every leaf under it, parents not leaves, at most 64 leaves.
Result<Hierarchy> make_hierarchy(std::vector<std::string> names, std::vector<int> parent, int leaf_count);

// The product of hierarchies: a cell is one node per hierarchy; a leaf cell
// (leaves in every hierarchy) is the finest count.
class Lattice {
public:
  explicit Lattice(std::vector<Hierarchy> dimensions);
  const std::vector<Hierarchy> &dimensions() const { return dimensions_; }
  std::size_t cell_count() const { return cell_count_; }
  std::size_t leaf_cell_count() const { return leaf_cell_count_; }
  std::size_t cell(std::span<const int> nodes) const;
  std::vector<int> nodes(std::size_t cell) const;
  std::size_t leaf_cell(std::span<const int> leaves) const;

private:
  std::vector<Hierarchy> dimensions_;
  std::size_t cell_count_ = 1;
  std::size_t leaf_cell_count_ = 1;
};

// Why a hidden cell cannot be recomputed: w = ⊗_d f_d over the leaf cells,
// f_d = e_a[d] − e_b[d], or e_a[d] when b[d] == -1.
struct Witness {
  std::vector<int> a;
  std::vector<int> b;
};

enum class CellState : std::uint8_t { published, primary, secondary };

struct Protection {
  SuppressionRules rules;
  std::vector<std::int64_t> exact; // per lattice cell: the sum of its leaf cells
  std::vector<CellState> state;    // per lattice cell
  std::vector<std::size_t> primary_cells;
  std::vector<Witness> witnesses; // parallel to primary_cells

  bool hidden(std::size_t cell) const { return state[cell] != CellState::published; }
  // What the API shows: nullopt when hidden, else the count (rounded if the rules say so).
  std::optional<std::int64_t> shown(std::size_t cell) const;
};

// leaf_counts: one per leaf cell (Lattice::leaf_cell order), none negative.
Protection protect(const Lattice &lattice, std::span<const std::int64_t> leaf_counts, const SuppressionRules &rules);

// ---- The signal tables the API serves.

enum class PeriodRollup { month, quarter, year };
enum class GeoRollup { municipality, region };
enum class DomainRollup { each, all };

// The columns of a row. Codes are stable: "assessed" (every level, the
// denominator for rates), "signals" (aandacht + zorg + acuut), then the levels.
enum class Measure { assessed, signals, attention, concern, acute, no_concern };
inline constexpr std::size_t kMeasureCount = 6;
inline constexpr std::array<Measure, kMeasureCount> kAllMeasures = {
    Measure::assessed, Measure::signals, Measure::attention, Measure::concern, Measure::acute, Measure::no_concern};
std::string_view measure_code(Measure measure); // "assessed", "signals", "aandacht", "zorg", "acuut", "geen-zorg"
std::optional<Measure> measure_from_code(std::string_view code);
constexpr std::size_t measure_index(Measure measure) {
  return static_cast<std::size_t>(measure);
}

inline constexpr std::string_view kRegionArea = "twente"; // the area code of the region total
inline constexpr std::string_view kAllDomains = "all";    // the domain code of the all-domains total

struct ViewSpec {
  PeriodRollup period = PeriodRollup::month;
  GeoRollup geo = GeoRollup::municipality;
  DomainRollup domain = DomainRollup::each;
};

struct ViewRow {
  std::string period;                                            // "2026-03", "2026-Q1" or "2026"
  std::string area;                                              // "GM0153" or kRegionArea
  std::string domain;                                            // "J4" or kAllDomains
  std::array<std::optional<std::int64_t>, kMeasureCount> counts; // by measure_index; nullopt = suppressed
};

// One checklist, one calendar year, protected as one lattice.
class SignalTable {
public:
  // Cells of other checklists, other years, or areas outside `municipalities`
  // are left out (and counted in ignored_cells()); domains are those given
  // plus any the cells name. Fails only on bad rules or a bad shape.
  static Result<SignalTable> protect(std::string checklist, int year, std::vector<std::string> municipalities,
                                     std::vector<std::string> domains, std::span<const AggregateCell> cells,
                                     const SuppressionRules &rules);

  const std::string &checklist() const { return checklist_; }
  int year() const { return year_; }
  const std::vector<std::string> &domains() const { return domains_; }
  std::size_t ignored_cells() const { return ignored_cells_; }

  // Every row of a view for the whole year, periods in order, then areas
  // (region last), then domains (all last).
  std::vector<ViewRow> rows(const ViewSpec &spec) const;

  const Lattice &lattice() const { return lattice_; }
  const Protection &protection() const { return protection_; }

private:
  SignalTable(Lattice lattice) : lattice_(std::move(lattice)) {}
  std::string checklist_;
  int year_ = 0;
  std::vector<std::string> domains_;
  std::size_t ignored_cells_ = 0;
  Lattice lattice_;
  Protection protection_;
};

} // namespace veldwijzer::collector
