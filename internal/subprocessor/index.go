package subprocessor

import (
	"encoding/json"
	"slices"
	"strconv"
)

// Index groups a document's rows by value, so that a policy can check each distinct value once
// and map what it finds back to the rows by index. On a long page most purposes, data lists and
// locations repeat, and in Rego a pass over every row costs more than the checks themselves:
// grouping 20,000 rows here takes milliseconds, in Rego hundreds of them.
//
// The index is derived: subpolicy computes it from the rows every time it evaluates a
// document (whatever the document says), and `subpolicy parse` prints it. Groups and the rows
// in each are in page order.
type Index struct {
	// Contents groups the rows by their content: every field but those that set a row apart
	// (index, line, name, name_key, cells and links).
	Contents []ContentGroup `json:"contents"`
	// Cells groups the rows by the text of their cell of each field (name, purpose, data...).
	Cells map[string][]TextGroup `json:"cells"`
	// Links groups the rows by their list of links (null for a row without links).
	Links []LinksGroup `json:"links"`
}

// ContentGroup is the rows of one content.
type ContentGroup struct {
	Content Content `json:"content"`
	Rows    []int   `json:"rows"`
}

// TextGroup is the rows whose cell of a field has one text.
type TextGroup struct {
	Text string `json:"text"`
	Rows []int  `json:"rows"`
}

// LinksGroup is the rows with one list of links.
type LinksGroup struct {
	Links []Link `json:"links"`
	Rows  []int  `json:"rows"`
}

// Content is a row without the fields that set it apart. Its JSON is the row's without the
// keys index, line, name, name_key, cells and links.
type Content struct {
	Row *Row
}

// ContentOmits are the row fields a Content leaves out.
var ContentOmits = []string{"index", "line", "name", "name_key", "cells", "links"}

// MarshalJSON writes the row's JSON without the keys in ContentOmits.
func (c Content) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(c.Row)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for _, k := range ContentOmits {
		delete(m, k)
	}
	return json.Marshal(m)
}

// NewIndex groups rows; a row's index is its position in rows.
func NewIndex(rows []Row) *Index {
	idx := &Index{Contents: []ContentGroup{}, Cells: map[string][]TextGroup{}, Links: []LinksGroup{}}
	contents := map[string]int{}
	links := map[string]int{}
	cells := map[string]map[string]int{}
	var key []byte
	for i := range rows {
		r := &rows[i]
		key = groupKey(key[:0], r)
		if g, ok := contents[string(key)]; ok {
			idx.Contents[g].Rows = append(idx.Contents[g].Rows, i)
		} else {
			contents[string(key)] = len(idx.Contents)
			idx.Contents = append(idx.Contents, ContentGroup{Content: Content{Row: r}, Rows: []int{i}})
		}
		key = linksKey(key[:0], r.Links)
		if g, ok := links[string(key)]; ok {
			idx.Links[g].Rows = append(idx.Links[g].Rows, i)
		} else {
			links[string(key)] = len(idx.Links)
			idx.Links = append(idx.Links, LinksGroup{Links: r.Links, Rows: []int{i}})
		}
		for field, c := range r.Cells {
			byText := cells[field]
			if byText == nil {
				byText = map[string]int{}
				cells[field] = byText
			}
			if g, ok := byText[c.Text]; ok {
				idx.Cells[field][g].Rows = append(idx.Cells[field][g].Rows, i)
			} else {
				byText[c.Text] = len(idx.Cells[field])
				idx.Cells[field] = append(idx.Cells[field], TextGroup{Text: c.Text, Rows: []int{i}})
			}
		}
	}
	return idx
}

// groupKey appends to b a key equal for two rows exactly when their contents are: every
// string length-prefixed, nil told apart from empty.
func groupKey(b []byte, r *Row) []byte {
	b = strconv.AppendInt(b, int64(r.Table), 10)
	b = appendString(b, r.Purpose)
	b = appendStrings(b, r.Data)
	b = appendString(b, r.Location)
	b = appendStrings(b, r.Locations)
	b = appendStrings(b, r.Countries)
	b = appendStrings(b, r.UnresolvedLocations)
	b = appendString(b, r.Category)
	b = appendStrings(b, r.Transfer)
	if r.Effective == nil {
		b = append(b, '!')
	} else {
		b = appendString(b, *r.Effective)
	}
	if r.Extra == nil {
		b = append(b, '!')
	} else {
		keys := make([]string, 0, len(r.Extra))
		for k := range r.Extra {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = strconv.AppendInt(b, int64(len(keys)), 10)
		for _, k := range keys {
			b = appendString(appendString(b, k), r.Extra[k])
		}
	}
	return appendString(b, r.Change)
}

func linksKey(b []byte, links []Link) []byte {
	if links == nil {
		return append(b, '!')
	}
	b = strconv.AppendInt(b, int64(len(links)), 10)
	for _, l := range links {
		b = appendString(appendString(b, l.Text), l.URL)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, '!')
	}
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(len(ss)), 10)
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}
