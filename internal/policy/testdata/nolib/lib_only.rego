package subpolicy.lib

helper(x) := x
