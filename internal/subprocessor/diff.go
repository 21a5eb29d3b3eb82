package subprocessor

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Diff compares a document with its base version and returns how its subprocessors changed.
// It sets head.Change and the change of every head row (added, modified, unchanged); the
// rows of Change.Base carry theirs (removed, modified, unchanged). A nil base is a new file,
// every row of which is added; a nil head is a removed file, every row of which is removed
// (the result is reported, there is no head to annotate). A base at another path is a
// renamed file, compared with its previous content. Neither document is otherwise changed.
//
// Rows are matched by name_key; when an entity has several rows, first with a row alike in
// every compared value, then by name_key and purpose and table, then name_key and purpose, then
// name_key and table, then name_key alone, each in page order. Values are compared as policies see them (markup stripped, whitespace collapsed)
// and without regard to case, trailing punctuation, the order of list items or the spelling of
// a country, so reordering rows, reformatting a cell or splitting it into bullets is no change.
// A removed and an added row with the same purpose are a suspected replacement (one entity
// replacing another, or an entity renamed).
func Diff(base, head *Document) *Change {
	if base == nil && head == nil {
		return nil
	}
	c := &Change{
		Added:                 []string{},
		Removed:               []string{},
		Modified:              []string{},
		Modifications:         []Modification{},
		SuspectedReplacements: []Replacement{},
		LostTables:            []int{},
	}
	var headRows, baseRows []Row
	if head != nil {
		headRows = head.Subprocessors
	}
	if base != nil {
		baseRows = slices.Clone(base.Subprocessors)
		if baseRows == nil {
			baseRows = []Row{}
		}
		baseTables := base.Tables
		if baseTables == nil {
			baseTables = []Table{}
		}
		c.Base = &BaseState{Path: base.Path, Updated: base.Updated, Subprocessors: baseRows, Tables: baseTables}
		var headTables []Table
		if head != nil {
			headTables = head.Tables
		}
		c.LostTables = lostTables(baseTables, headTables)
	}

	// match[i] is the base row of head row i, -1 for an added row.
	match := matchRows(baseRows, headRows)
	matched := make([]bool, len(baseRows))
	for i, j := range match {
		if j < 0 {
			head.Subprocessors[i].Change = "added"
			c.Added = append(c.Added, headRows[i].Name)
			continue
		}
		matched[j] = true
		fields := compareRows(&baseRows[j], &headRows[i])
		if len(fields) == 0 {
			head.Subprocessors[i].Change = "unchanged"
			baseRows[j].Change = "unchanged"
			continue
		}
		head.Subprocessors[i].Change = "modified"
		baseRows[j].Change = "modified"
		c.Modified = append(c.Modified, headRows[i].Name)
		c.Modifications = append(c.Modifications, Modification{
			Index: i, BaseIndex: j, Name: headRows[i].Name, NameKey: headRows[i].NameKey, Fields: fields,
		})
	}
	for j := range baseRows {
		if !matched[j] {
			baseRows[j].Change = "removed"
			c.Removed = append(c.Removed, baseRows[j].Name)
		}
	}
	c.SuspectedReplacements = replacements(baseRows, headRows)

	switch {
	case base == nil:
		c.Status = "added"
	case head == nil:
		c.Status = "removed"
	case base.Path != head.Path:
		c.Status = "renamed"
	case c.Changed():
		c.Status = "modified"
	default:
		c.Status = "unchanged"
	}
	if head != nil {
		head.Change = c
	}
	return c
}

// Changed reports whether any row was added, removed or modified.
func (c *Change) Changed() bool {
	return c != nil && len(c.Added)+len(c.Removed)+len(c.Modified) > 0
}

// matchRows pairs head rows with base rows; the result holds, for each head row, the index of
// its base row or -1. Each pass pairs, in page order, the rows still unpaired that share its
// key; a row keeps the first partner it gets. The first pass pairs rows alike in everything
// compared, so that rows of one entity that differ only in, say, their data still pair with
// their own versions when they change places.
func matchRows(base, head []Row) []int {
	match := make([]int, len(head))
	for i := range match {
		match[i] = -1
	}
	if len(base) == 0 || len(head) == 0 {
		return match
	}
	// side is what the passes read of one version's rows.
	type side struct {
		rows     []Row
		purposes []string // norm(purpose)
		contents []string // contentKey
	}
	prepare := func(rows []Row) side {
		s := side{rows: rows, purposes: make([]string, len(rows)), contents: make([]string, len(rows))}
		for i := range rows {
			s.purposes[i] = norm(rows[i].Purpose)
			s.contents[i] = contentKey(&rows[i])
		}
		return s
	}
	b, h := prepare(base), prepare(head)
	table := func(s side, i int) string { return strconv.Itoa(s.rows[i].Table) }
	passes := []func(s side, i int) string{
		func(s side, i int) string { return s.contents[i] },
		func(s side, i int) string { return s.rows[i].NameKey + "\x00" + s.purposes[i] + "\x00" + table(s, i) },
		func(s side, i int) string { return s.rows[i].NameKey + "\x00" + s.purposes[i] },
		func(s side, i int) string { return s.rows[i].NameKey + "\x00\x00" + table(s, i) },
		func(s side, i int) string { return s.rows[i].NameKey },
	}
	taken := make([]bool, len(base))
	for _, key := range passes {
		free := map[string][]int{} // key -> unpaired base rows, in page order
		for j := range base {
			if !taken[j] {
				k := key(b, j)
				free[k] = append(free[k], j)
			}
		}
		for i := range head {
			if match[i] >= 0 {
				continue
			}
			k := key(h, i)
			if q := free[k]; len(q) > 0 {
				match[i], taken[q[0]] = q[0], true
				free[k] = q[1:]
			}
		}
	}
	return match
}

// contentKey identifies a row by everything compareRows compares (and its table): rows with
// the same key are no change of one another.
func contentKey(r *Row) string {
	var b strings.Builder
	field := func(s string) {
		b.WriteString(s)
		b.WriteByte(0)
	}
	set := func(items []string, id func(string) string) {
		ids := make([]string, len(items))
		for i, x := range items {
			ids[i] = id(x)
		}
		slices.Sort(ids)
		field(strings.Join(slices.Compact(ids), "\x01"))
	}
	field(r.NameKey)
	field(strconv.Itoa(r.Table))
	field(norm(r.Name))
	field(norm(r.Purpose))
	set(r.Data, norm)
	set(r.Locations, placeID)
	set(r.Transfer, norm)
	set(linkURLs(r.Links), urlID)
	if _, ok := r.Cells[RoleCategory]; ok {
		field("category:" + norm(r.Category))
	}
	field(norm(deref(r.Effective)))
	for _, k := range slices.Sorted(maps.Keys(r.Extra)) {
		if v := norm(r.Extra[k]); v != "" {
			field(k)
			field(v)
		}
	}
	return b.String()
}

// replacements pairs each removed row with the first unpaired added row of the same purpose,
// preferring one in the same table.
func replacements(base, head []Row) []Replacement {
	out := []Replacement{}
	byPurpose := map[string][]int{}
	for i := range head {
		if head[i].Change == "added" {
			if p := norm(head[i].Purpose); p != "" {
				byPurpose[p] = append(byPurpose[p], i)
			}
		}
	}
	if len(byPurpose) == 0 {
		return out
	}
	used := map[int]bool{}
	for j := range base {
		if base[j].Change != "removed" {
			continue
		}
		cands := byPurpose[norm(base[j].Purpose)]
		pick := -1
		for _, i := range cands {
			if used[i] {
				continue
			}
			if pick < 0 {
				pick = i
			}
			if head[i].Table == base[j].Table {
				pick = i
				break
			}
		}
		if pick < 0 {
			continue
		}
		used[pick] = true
		out = append(out, Replacement{
			Removed: base[j].Name, RemovedIndex: j,
			Added: head[pick].Name, AddedIndex: pick,
			Purpose: head[pick].Purpose,
		})
	}
	return out
}

// compareRows lists the fields that differ between two versions of a row.
func compareRows(b, h *Row) []FieldChange {
	var out []FieldChange
	text := func(field, before, after string) {
		if norm(before) != norm(after) {
			out = append(out, FieldChange{Field: field, Before: before, After: after, Added: []string{}, Removed: []string{}})
		}
	}
	list := func(field, before, after string, bi, hi []string, id func(string) string) {
		added, removed := setDiff(bi, hi, id)
		if len(added)+len(removed) > 0 {
			out = append(out, FieldChange{Field: field, Before: before, After: after, Added: added, Removed: removed})
		}
	}
	text(RoleName, b.Name, h.Name)
	text(RolePurpose, b.Purpose, h.Purpose)
	list(RoleData, strings.Join(b.Data, "; "), strings.Join(h.Data, "; "), b.Data, h.Data, norm)
	list(RoleLocation, b.Location, h.Location, b.Locations, h.Locations, placeID)
	list(RoleTransfer, strings.Join(b.Transfer, "; "), strings.Join(h.Transfer, "; "), b.Transfer, h.Transfer, norm)
	bu, hu := linkURLs(b.Links), linkURLs(h.Links)
	list(RoleLinks, strings.Join(bu, " "), strings.Join(hu, " "), bu, hu, urlID)
	// The category compares only where both versions have a Category column: one taken
	// from the heading above the table changes with the heading, not with the row.
	_, bc := b.Cells[RoleCategory]
	_, hc := h.Cells[RoleCategory]
	if bc && hc {
		text(RoleCategory, b.Category, h.Category)
	}
	text(RoleEffective, deref(b.Effective), deref(h.Effective))
	for _, k := range slices.Sorted(maps.Keys(unionKeys(b.Extra, h.Extra))) {
		text("extra."+k, b.Extra[k], h.Extra[k])
	}
	return out
}

func unionKeys(a, b map[string]string) map[string]bool {
	out := make(map[string]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func linkURLs(links []Link) []string {
	out := make([]string, 0, len(links))
	for _, l := range links {
		out = append(out, l.URL)
	}
	return out
}

// setDiff returns the items of head whose identity base lacks, and the items of base whose
// identity head lacks, each once, in order.
func setDiff(base, head []string, id func(string) string) (added, removed []string) {
	added, removed = []string{}, []string{}
	bs, hs := make(map[string]bool, len(base)), make(map[string]bool, len(head))
	for _, x := range base {
		bs[id(x)] = true
	}
	for _, x := range head {
		hs[id(x)] = true
	}
	seen := map[string]bool{}
	for _, x := range head {
		if k := id(x); !bs[k] && !seen[k] {
			seen[k] = true
			added = append(added, x)
		}
	}
	clear(seen)
	for _, x := range base {
		if k := id(x); !hs[k] && !seen[k] {
			seen[k] = true
			removed = append(removed, x)
		}
	}
	return added, removed
}

// norm is the form values are compared in: case-folded, whitespace collapsed, without
// trailing punctuation.
func norm(s string) string {
	return strings.TrimRight(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".,;:")
}

// placeID identifies a location: its country code when it resolves, so "USA" and "United
// States" are the same place, else its normalised text. Resolving a country is the costliest
// part of comparing rows, and a page names few places many times (a history compares every
// version of it), so the answers are kept.
func placeID(place string) string { return placeIDs.get(place) }

var placeIDs = newMemo(maxCachedPlaces, maxHeaderBytes, func(place string) string {
	if code := Country(place); code != "" {
		return "country:" + code
	}
	return norm(place)
})

// urlID identifies a link by its URL without a trailing slash.
func urlID(u string) string { return strings.TrimRight(strings.TrimSpace(u), "/") }

// lostTables are the base tables no head table stands for, as indexes into base, in page order.
// Tables pair by heading and header, then by header alone (a heading reworded), then by
// heading alone (a column renamed), each in page order, so that a key's last base tables are
// the ones left when the head has fewer.
func lostTables(base, head []Table) []int {
	left := make([]bool, len(base))
	for i := range left {
		left[i] = true
	}
	free := make([]bool, len(head))
	for i := range free {
		free[i] = true
	}
	keys := []func(Table) string{
		func(t Table) string { return foldTerm(t.Heading) + "\x00" + headerKey(t) },
		headerKey,
		func(t Table) string { return foldTerm(t.Heading) },
	}
	for _, key := range keys {
		waiting := map[string][]int{} // free head tables by key, in page order
		for j, t := range head {
			if free[j] {
				k := key(t)
				waiting[k] = append(waiting[k], j)
			}
		}
		for i, t := range base {
			if !left[i] {
				continue
			}
			k := key(t)
			if js := waiting[k]; len(js) > 0 {
				left[i], free[js[0]] = false, false
				waiting[k] = js[1:]
			}
		}
	}
	lost := []int{}
	for i, l := range left {
		if l {
			lost = append(lost, i)
		}
	}
	return lost
}

func headerKey(t Table) string {
	parts := make([]string, len(t.Header))
	for i, h := range t.Header {
		parts[i] = foldTerm(h)
	}
	return strings.Join(parts, "\x00")
}

// foldTerm folds a heading or header cell for pairing: case, runs of white space, trailing
// punctuation.
func foldTerm(s string) string {
	return strings.TrimRight(foldHeader(s), " .,;:!")
}
