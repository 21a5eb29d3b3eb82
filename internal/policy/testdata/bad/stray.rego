package main

deny contains "x" if {
	input.path != ""
}

warn contains "y" if {
	input.path != ""
}
