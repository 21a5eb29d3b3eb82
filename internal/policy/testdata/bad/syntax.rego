package subpolicy.rules.syntax

deny contains msg if {
    msg := "x" +
}
