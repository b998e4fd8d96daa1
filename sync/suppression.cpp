// suppression.cpp — primary and joint secondary suppression over a lattice
// of hierarchies (the method is described in suppression.h).
#include "suppression.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <utility>

namespace veldwijzer::collector {

std::optional<std::string> suppression_rules_problem(const SuppressionRules &rules) {
  if (rules.minimum_cell < kLowestMinimumCell) {
    return "minimum cell " + std::to_string(rules.minimum_cell) + " is below " + std::to_string(kLowestMinimumCell) +
           ": counts that small identify people";
  }
  if (rules.minimum_cell > 1000) {
    return "minimum cell " + std::to_string(rules.minimum_cell) + " is above 1000: nothing would be shown";
  }
  return std::nullopt;
}

std::int64_t round_to_multiple_of_5(std::int64_t count) {
  return (count + 2) / 5 * 5;
}

Result<Hierarchy> make_hierarchy(std::vector<std::string> names, std::vector<int> parent, int leaf_count) {
  const int n = static_cast<int>(parent.size());
  if (names.size() != parent.size()) {
    return fail("hierarchy: " + std::to_string(names.size()) + " names for " + std::to_string(n) + " nodes");
  }
  if (leaf_count < 1 || leaf_count > 64 || leaf_count > n) {
    return fail("hierarchy: " + std::to_string(leaf_count) + " leaves; expected 1 to 64, at most one per node");
  }
  Hierarchy h;
  h.leaf_count = leaf_count;
  h.leaves.assign(parent.size(), 0);
  int roots = 0;
  for (int node = 0; node < n; ++node) {
    const int up = parent[static_cast<std::size_t>(node)];
    if (up == -1) {
      ++roots;
    } else if (up < leaf_count || up >= n || up == node) {
      return fail("hierarchy: node '" + names[static_cast<std::size_t>(node)] + "' has a parent that is a leaf or " +
                  "not a node");
    }
  }
  if (roots != 1) {
    return fail("hierarchy: " + std::to_string(roots) + " roots; expected one");
  }
  for (int leaf = 0; leaf < leaf_count; ++leaf) {
    int node = leaf;
    for (int steps = 0; node != -1; ++steps) {
      if (steps > n) {
        return fail("hierarchy: a cycle above leaf '" + names[static_cast<std::size_t>(leaf)] + "'");
      }
      h.leaves[static_cast<std::size_t>(node)] |= std::uint64_t{1} << leaf;
      node = parent[static_cast<std::size_t>(node)];
    }
  }
  for (int node = leaf_count; node < n; ++node) {
    if (h.leaves[static_cast<std::size_t>(node)] == 0) {
      return fail("hierarchy: node '" + names[static_cast<std::size_t>(node)] + "' has no leaves under it");
    }
  }
  h.names = std::move(names);
  h.parent = std::move(parent);
  return h;
}

Lattice::Lattice(std::vector<Hierarchy> dimensions) : dimensions_(std::move(dimensions)) {
  for (const Hierarchy &h : dimensions_) {
    cell_count_ *= static_cast<std::size_t>(h.node_count());
    leaf_cell_count_ *= static_cast<std::size_t>(h.leaf_count);
  }
}

// Mixed radix, the last hierarchy fastest.
std::size_t Lattice::cell(std::span<const int> nodes) const {
  std::size_t index = 0;
  for (std::size_t d = 0; d < dimensions_.size(); ++d) {
    index = index * static_cast<std::size_t>(dimensions_[d].node_count()) + static_cast<std::size_t>(nodes[d]);
  }
  return index;
}

std::vector<int> Lattice::nodes(std::size_t cell) const {
  std::vector<int> out(dimensions_.size());
  for (std::size_t d = dimensions_.size(); d-- > 0;) {
    const auto radix = static_cast<std::size_t>(dimensions_[d].node_count());
    out[d] = static_cast<int>(cell % radix);
    cell /= radix;
  }
  return out;
}

std::size_t Lattice::leaf_cell(std::span<const int> leaves) const {
  std::size_t index = 0;
  for (std::size_t d = 0; d < dimensions_.size(); ++d) {
    index = index * static_cast<std::size_t>(dimensions_[d].leaf_count) + static_cast<std::size_t>(leaves[d]);
  }
  return index;
}

std::optional<std::int64_t> Protection::shown(std::size_t cell) const {
  if (hidden(cell)) {
    return std::nullopt;
  }
  return rules.round_to_5 ? round_to_multiple_of_5(exact[cell]) : exact[cell];
}

namespace {

constexpr std::size_t kMaxDimensions = 8;

// One factor of a witness in one hierarchy, and the nodes it touches (those
// whose leaf set sums the factor to non-zero).
struct Factor {
  int a = 0;
  int b = -1;
  std::vector<int> touched;
};

// Factors that make a node non-zero: e_a for a leaf a under it, or e_a − e_b
// with b outside it. Fewest touched nodes first.
std::vector<Factor> factors_for(const Hierarchy &h, int node) {
  std::vector<Factor> out;
  for (int a = 0; a < h.leaf_count; ++a) {
    if (!h.contains(node, a)) {
      continue;
    }
    Factor single{a, -1, {}};
    for (int m = 0; m < h.node_count(); ++m) {
      if (h.contains(m, a)) {
        single.touched.push_back(m);
      }
    }
    out.push_back(std::move(single));
    for (int b = 0; b < h.leaf_count; ++b) {
      if (h.contains(node, b)) {
        continue;
      }
      Factor pair{a, b, {}};
      for (int m = 0; m < h.node_count(); ++m) {
        if (h.contains(m, a) != h.contains(m, b)) {
          pair.touched.push_back(m);
        }
      }
      out.push_back(std::move(pair));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Factor &x, const Factor &y) { return x.touched.size() < y.touched.size(); });
  return out;
}

// Factors tried per hierarchy (the cheapest alone). All of them finds
// slightly worse patterns on realistic data (greedy) at three times the time.
constexpr std::size_t kFactorsTried = 8;
using NodeSets = std::array<std::span<const int>, kMaxDimensions>;

// Branch and bound over one factor per hierarchy. A partial choice already
// fixes part of the touched set (the chosen factors' nodes times the hidden
// cell's own nodes in the other hierarchies, which every factor touches), so
// its cost bounds every completion from below.
class WitnessSearch {
public:
  WitnessSearch(const Lattice &lattice, std::span<const std::int64_t> leaf_counts, Protection &protection)
      : lattice_(lattice), leaf_counts_(leaf_counts), p_(protection), k_(lattice.dimensions().size()) {
    factors_.resize(k_);
    for (std::size_t d = 0; d < k_; ++d) {
      const Hierarchy &h = lattice.dimensions()[d];
      for (int node = 0; node < h.node_count(); ++node) {
        factors_[d].push_back(factors_for(h, node));
      }
    }
    std::size_t stride = 1, leaf_stride = 1;
    for (std::size_t d = k_; d-- > 0;) {
      stride_[d] = stride;
      leaf_stride_[d] = leaf_stride;
      stride *= static_cast<std::size_t>(lattice.dimensions()[d].node_count());
      leaf_stride *= static_cast<std::size_t>(lattice.dimensions()[d].leaf_count);
    }
    // An empty corner costs about as much as hiding one more small cell.
    zero_corner_cost_ = p_.rules.minimum_cell;
  }

  // Finds the cheapest witness for `cell`, hides what it touches, returns it.
  Witness protect_cell(std::size_t cell) {
    nodes_ = lattice_.nodes(cell);
    NodeSets own{};
    for (std::size_t d = 0; d < k_; ++d) {
      own[d] = std::span<const int>(&nodes_[d], 1);
    }
    // Cheapest factors first (alone), so a good bound is found early.
    for (std::size_t d = 0; d < k_; ++d) {
      const std::vector<Factor> &options = factors_[d][static_cast<std::size_t>(nodes_[d])];
      std::vector<std::pair<std::int64_t, std::size_t>> ranked;
      NodeSets sets = own;
      for (std::size_t i = 0; i < options.size(); ++i) {
        sets[d] = options[i].touched;
        ranked.emplace_back(cost_of_cells(sets, kNoLimit), i);
      }
      std::stable_sort(ranked.begin(), ranked.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
      order_[d].clear();
      for (const auto &[cost, i] : ranked) {
        if (order_[d].size() < kFactorsTried) {
          order_[d].push_back(&options[i]);
        }
      }
    }
    best_cost_ = kNoLimit;
    search(0, own);

    Witness witness;
    NodeSets sets{};
    for (std::size_t d = 0; d < k_; ++d) {
      witness.a.push_back(best_[d]->a);
      witness.b.push_back(best_[d]->b);
      sets[d] = best_[d]->touched;
    }
    for_each_cell(sets, [&](std::size_t touched) {
      if (p_.state[touched] == CellState::published) {
        p_.state[touched] = CellState::secondary;
      }
      return true;
    });
    return witness;
  }

private:
  static constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();

  void search(std::size_t d, NodeSets sets) {
    if (d + 1 == k_) {
      finish(sets);
      return;
    }
    for (const Factor *factor : order_[d]) {
      if (best_cost_ == 0) {
        return;
      }
      chosen_[d] = factor;
      sets[d] = factor->touched;
      const std::int64_t corners = known_zero_corners(d) * zero_corner_cost_;
      if (corners < best_cost_ && corners + cost_of_cells(sets, best_cost_ - corners) < best_cost_) {
        search(d + 1, sets);
      }
    }
  }

  // The last hierarchy: with the others chosen, a factor's cost is a sum
  // over its touched nodes of per-node costs, and its empty corners a sum
  // over its leaves a and b, both computed once here.
  void finish(NodeSets sets) {
    const std::size_t last = k_ - 1;
    const Hierarchy &h = lattice_.dimensions()[last];
    node_cost_.assign(static_cast<std::size_t>(h.node_count()), 0);
    for (int node = 0; node < h.node_count(); ++node) {
      sets[last] = std::span<const int>(&node, 1);
      node_cost_[static_cast<std::size_t>(node)] = cost_of_cells(sets, kNoLimit);
    }
    leaf_zeros_.assign(static_cast<std::size_t>(h.leaf_count), 0);
    for (unsigned corner = 0; corner < (1U << last); ++corner) {
      std::size_t leaf_cell = 0;
      bool exists = true;
      for (std::size_t d = 0; d < last && exists; ++d) {
        const bool use_b = (corner >> d) & 1U;
        exists = !use_b || chosen_[d]->b >= 0;
        leaf_cell += static_cast<std::size_t>(use_b ? chosen_[d]->b : chosen_[d]->a) * leaf_stride_[d];
      }
      for (int leaf = 0; exists && leaf < h.leaf_count; ++leaf) {
        if (leaf_counts_[leaf_cell + static_cast<std::size_t>(leaf) * leaf_stride_[last]] == 0) {
          ++leaf_zeros_[static_cast<std::size_t>(leaf)];
        }
      }
    }
    for (const Factor *factor : order_[last]) {
      std::int64_t zeros = leaf_zeros_[static_cast<std::size_t>(factor->a)];
      if (factor->b >= 0) {
        zeros += leaf_zeros_[static_cast<std::size_t>(factor->b)];
      }
      std::int64_t cost = zeros * zero_corner_cost_;
      for (const int node : factor->touched) {
        cost += node_cost_[static_cast<std::size_t>(node)];
      }
      if (cost < best_cost_) {
        best_cost_ = cost;
        best_ = chosen_;
        best_[last] = factor;
        if (cost == 0) {
          return;
        }
      }
    }
  }

  // Empty corners every completion of the factors chosen for 0..d has: when
  // the hidden cell's nodes after d are leaves, those factors' a is that leaf.
  std::int64_t known_zero_corners(std::size_t d) const {
    std::size_t tail = 0;
    for (std::size_t j = d + 1; j < k_; ++j) {
      if (nodes_[j] >= lattice_.dimensions()[j].leaf_count) {
        return 0;
      }
      tail += static_cast<std::size_t>(nodes_[j]) * leaf_stride_[j];
    }
    std::int64_t zeros = 0;
    for (unsigned corner = 0; corner < (1U << (d + 1)); ++corner) {
      std::size_t leaf_cell = tail;
      bool exists = true;
      for (std::size_t j = 0; j <= d && exists; ++j) {
        const bool use_b = (corner >> j) & 1U;
        exists = !use_b || chosen_[j]->b >= 0;
        leaf_cell += static_cast<std::size_t>(use_b ? chosen_[j]->b : chosen_[j]->a) * leaf_stride_[j];
      }
      if (exists && leaf_counts_[leaf_cell] == 0) {
        ++zeros;
      }
    }
    return zeros;
  }

  // Calls f(cell) for every cell of the product of node sets; stops when f returns false.
  template <class F> void for_each_cell(const NodeSets &sets, F &&f) const {
    std::array<std::size_t, kMaxDimensions> at{};
    for (;;) {
      std::size_t cell = 0;
      for (std::size_t d = 0; d < k_; ++d) {
        cell += static_cast<std::size_t>(sets[d][at[d]]) * stride_[d];
      }
      if (!f(cell)) {
        return;
      }
      std::size_t d = k_;
      while (d-- > 0 && ++at[d] == sets[d].size()) {
        at[d] = 0;
      }
      if (d == static_cast<std::size_t>(-1)) {
        return;
      }
    }
  }

  // 1 + count for each still published cell of the product; stops at `limit`.
  std::int64_t cost_of_cells(const NodeSets &sets, std::int64_t limit) const {
    std::int64_t cost = 0;
    for_each_cell(sets, [&](std::size_t cell) {
      if (p_.state[cell] == CellState::published) {
        cost += 1 + p_.exact[cell];
      }
      return cost < limit;
    });
    return cost;
  }

  const Lattice &lattice_;
  std::span<const std::int64_t> leaf_counts_;
  Protection &p_;
  std::size_t k_;
  std::vector<std::vector<std::vector<Factor>>> factors_; // [dimension][node]
  std::array<std::size_t, kMaxDimensions> stride_{}, leaf_stride_{};
  std::int64_t zero_corner_cost_ = 0;
  // The search in progress.
  std::vector<int> nodes_;
  std::array<std::vector<const Factor *>, kMaxDimensions> order_;
  std::array<const Factor *, kMaxDimensions> chosen_{}, best_{};
  std::int64_t best_cost_ = 0;
  std::vector<std::int64_t> node_cost_, leaf_zeros_;
};

} // namespace

Protection protect(const Lattice &lattice, std::span<const std::int64_t> leaf_counts, const SuppressionRules &rules) {
  const std::vector<Hierarchy> &dims = lattice.dimensions();
  const std::size_t k = dims.size();
  assert(k >= 1 && k <= kMaxDimensions);
  assert(leaf_counts.size() == lattice.leaf_cell_count());
  assert(!suppression_rules_problem(rules));

  Protection p;
  p.rules = rules;
  p.exact.assign(lattice.cell_count(), 0);
  p.state.assign(lattice.cell_count(), CellState::published);

  // Each leaf cell adds to every cell whose nodes contain its leaves.
  std::vector<std::vector<std::vector<int>>> above(k); // [dimension][leaf] -> nodes containing it
  for (std::size_t d = 0; d < k; ++d) {
    above[d].resize(static_cast<std::size_t>(dims[d].leaf_count));
    for (int leaf = 0; leaf < dims[d].leaf_count; ++leaf) {
      for (int node = 0; node < dims[d].node_count(); ++node) {
        if (dims[d].contains(node, leaf)) {
          above[d][static_cast<std::size_t>(leaf)].push_back(node);
        }
      }
    }
  }
  std::vector<int> leaves(k, 0), nodes(k, 0), at(k, 0);
  for (std::size_t leaf_cell = 0; leaf_cell < leaf_counts.size(); ++leaf_cell) {
    const std::int64_t count = leaf_counts[leaf_cell];
    if (count == 0) {
      continue;
    }
    std::size_t rest = leaf_cell;
    for (std::size_t d = k; d-- > 0;) {
      leaves[d] = static_cast<int>(rest % static_cast<std::size_t>(dims[d].leaf_count));
      rest /= static_cast<std::size_t>(dims[d].leaf_count);
    }
    std::fill(at.begin(), at.end(), 0);
    for (;;) {
      for (std::size_t d = 0; d < k; ++d) {
        nodes[d] = above[d][static_cast<std::size_t>(leaves[d])][static_cast<std::size_t>(at[d])];
      }
      p.exact[lattice.cell(nodes)] += count;
      std::size_t d = k;
      while (d-- > 0 && static_cast<std::size_t>(++at[d]) == above[d][static_cast<std::size_t>(leaves[d])].size()) {
        at[d] = 0;
      }
      if (d == static_cast<std::size_t>(-1)) {
        break;
      }
    }
  }

  for (std::size_t cell = 0; cell < p.exact.size(); ++cell) {
    if (p.exact[cell] >= 1 && p.exact[cell] < rules.minimum_cell) {
      p.state[cell] = CellState::primary;
      p.primary_cells.push_back(cell);
    }
  }
  // Wide cells first: their witnesses are the expensive ones, and the fine
  // cells' witnesses can then lean on what those already hid.
  std::vector<std::size_t> breadth(lattice.cell_count(), 1);
  for (const std::size_t cell : p.primary_cells) {
    const std::vector<int> n = lattice.nodes(cell);
    for (std::size_t d = 0; d < k; ++d) {
      breadth[cell] *= static_cast<std::size_t>(std::popcount(dims[d].leaves[static_cast<std::size_t>(n[d])]));
    }
  }
  std::stable_sort(p.primary_cells.begin(), p.primary_cells.end(),
                   [&](std::size_t x, std::size_t y) { return breadth[x] > breadth[y]; });

  WitnessSearch search(lattice, leaf_counts, p);
  p.witnesses.reserve(p.primary_cells.size());
  for (const std::size_t cell : p.primary_cells) {
    p.witnesses.push_back(search.protect_cell(cell));
  }
  return p;
}

// ---- Signal tables

std::string_view measure_code(Measure measure) {
  switch (measure) {
  case Measure::assessed:
    return "assessed";
  case Measure::signals:
    return "signals";
  case Measure::attention:
    return "aandacht";
  case Measure::concern:
    return "zorg";
  case Measure::acute:
    return "acuut";
  case Measure::no_concern:
    return "geen-zorg";
  }
  return "";
}

std::optional<Measure> measure_from_code(std::string_view code) {
  for (const Measure m : kAllMeasures) {
    if (measure_code(m) == code) {
      return m;
    }
  }
  return std::nullopt;
}

namespace {

// Measure hierarchy: leaves geen-zorg, aandacht, zorg, acuut; signals; assessed.
constexpr int kMeasureNode[kMeasureCount] = {5, 4, 1, 2, 3, 0}; // by measure_index
constexpr int kLevelLeaf[4] = {0, 1, 2, 3};                     // by SignalLevel
constexpr int kMonths = 12;
constexpr int kQuarterNode = 12; // 12..15
constexpr int kYearNode = 16;

std::string two_digits(int n) {
  return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10);
}

} // namespace

Result<SignalTable> SignalTable::protect(std::string checklist, int year, std::vector<std::string> municipalities,
                                         std::vector<std::string> domains, std::span<const AggregateCell> cells,
                                         const SuppressionRules &rules) {
  if (auto problem = suppression_rules_problem(rules)) {
    return fail(*problem);
  }
  if (year < 2000 || year > 2999) {
    return fail("year " + std::to_string(year) + " is outside 2000..2999");
  }
  const std::string y = std::to_string(year);
  for (const AggregateCell &cell : cells) {
    if (cell.checklist == checklist && cell.period.starts_with(y) &&
        std::find(domains.begin(), domains.end(), cell.domain) == domains.end()) {
      domains.push_back(cell.domain);
    }
  }
  if (domains.empty()) {
    return fail("checklist " + checklist + " has no domains");
  }

  std::vector<std::string> period_names;
  std::vector<int> period_parent;
  for (int m = 1; m <= kMonths; ++m) {
    period_names.push_back(y + "-" + two_digits(m));
    period_parent.push_back(kQuarterNode + (m - 1) / 3);
  }
  for (int q = 1; q <= 4; ++q) {
    period_names.push_back(y + "-Q" + std::to_string(q));
    period_parent.push_back(kYearNode);
  }
  period_names.push_back(y);
  period_parent.push_back(-1);

  const int area_leaves = static_cast<int>(municipalities.size());
  std::vector<std::string> area_names = municipalities;
  area_names.emplace_back(kRegionArea);
  std::vector<int> area_parent(municipalities.size(), area_leaves);
  area_parent.push_back(-1);

  const int domain_leaves = static_cast<int>(domains.size());
  std::vector<std::string> domain_names = domains;
  domain_names.emplace_back(kAllDomains);
  std::vector<int> domain_parent(domains.size(), domain_leaves);
  domain_parent.push_back(-1);

  std::vector<std::string> measure_names = {"geen-zorg", "aandacht", "zorg", "acuut", "signals", "assessed"};
  std::vector<int> measure_parent = {5, 4, 4, 4, 5, -1};

  auto period = make_hierarchy(std::move(period_names), std::move(period_parent), kMonths);
  auto area = make_hierarchy(std::move(area_names), std::move(area_parent), area_leaves);
  auto domain = make_hierarchy(std::move(domain_names), std::move(domain_parent), domain_leaves);
  auto measure = make_hierarchy(std::move(measure_names), std::move(measure_parent), 4);
  for (const auto *h : {&period, &area, &domain, &measure}) {
    if (!h->ok()) {
      return fail(h->error());
    }
  }
  for (std::size_t i = 0; i < municipalities.size(); ++i) {
    if (std::find(municipalities.begin(), municipalities.begin() + static_cast<std::ptrdiff_t>(i), municipalities[i]) !=
        municipalities.begin() + static_cast<std::ptrdiff_t>(i)) {
      return fail("municipality " + municipalities[i] + " is listed twice");
    }
  }

  SignalTable table(Lattice(
      {std::move(period).value(), std::move(area).value(), std::move(domain).value(), std::move(measure).value()}));
  table.checklist_ = std::move(checklist);
  table.year_ = year;
  table.domains_ = domains;

  std::vector<std::int64_t> leaf_counts(table.lattice_.leaf_cell_count(), 0);
  for (const AggregateCell &cell : cells) {
    if (cell.checklist != table.checklist_ || !cell.period.starts_with(y)) {
      continue; // another table's
    }
    const auto mun = std::find(municipalities.begin(), municipalities.end(), cell.municipality);
    const int month = cell.period.size() == 7 ? std::atoi(cell.period.c_str() + 5) : 0;
    const int level = static_cast<int>(cell.level);
    if (mun == municipalities.end() || month < 1 || month > kMonths || level < 0 || level > 3 || cell.count < 0) {
      ++table.ignored_cells_;
      continue;
    }
    const int leaves[4] = {month - 1, static_cast<int>(mun - municipalities.begin()),
                           static_cast<int>(std::find(domains.begin(), domains.end(), cell.domain) - domains.begin()),
                           kLevelLeaf[level]};
    leaf_counts[table.lattice_.leaf_cell(leaves)] += cell.count;
  }
  table.protection_ = collector::protect(table.lattice_, leaf_counts, rules);
  return table;
}

std::vector<ViewRow> SignalTable::rows(const ViewSpec &spec) const {
  std::vector<int> periods, areas, domains;
  switch (spec.period) {
  case PeriodRollup::month:
    periods.resize(kMonths);
    std::iota(periods.begin(), periods.end(), 0);
    break;
  case PeriodRollup::quarter:
    periods = {kQuarterNode, kQuarterNode + 1, kQuarterNode + 2, kQuarterNode + 3};
    break;
  case PeriodRollup::year:
    periods = {kYearNode};
    break;
  }
  const Hierarchy &area = lattice_.dimensions()[1];
  if (spec.geo == GeoRollup::municipality) {
    areas.resize(static_cast<std::size_t>(area.leaf_count));
    std::iota(areas.begin(), areas.end(), 0);
  } else {
    areas = {area.leaf_count};
  }
  const Hierarchy &domain = lattice_.dimensions()[2];
  if (spec.domain == DomainRollup::each) {
    domains.resize(static_cast<std::size_t>(domain.leaf_count));
    std::iota(domains.begin(), domains.end(), 0);
  } else {
    domains = {domain.leaf_count};
  }

  std::vector<ViewRow> out;
  out.reserve(periods.size() * areas.size() * domains.size());
  const Hierarchy &period = lattice_.dimensions()[0];
  for (const int p : periods) {
    for (const int a : areas) {
      for (const int d : domains) {
        ViewRow row;
        row.period = period.names[static_cast<std::size_t>(p)];
        row.area = area.names[static_cast<std::size_t>(a)];
        row.domain = domain.names[static_cast<std::size_t>(d)];
        for (std::size_t m = 0; m < kMeasureCount; ++m) {
          const int nodes[4] = {p, a, d, kMeasureNode[m]};
          row.counts[m] = protection_.shown(lattice_.cell(nodes));
        }
        out.push_back(std::move(row));
      }
    }
  }
  return out;
}

} // namespace veldwijzer::collector
