package subprocessor

import "testing"

// BenchmarkPlaceIndex is what building the CLDR place names would cost each run (places_cldr.go saves it).
func BenchmarkPlaceIndex(b *testing.B) {
	for b.Loop() {
		buildPlaces()
	}
}
