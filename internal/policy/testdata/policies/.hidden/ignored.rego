package broken

this is not rego
