package subpolicy.lib

# result builds a finding object about a subprocessor's cell.
result(msg, sp, field) := {"msg": msg, "subprocessor": sp.name, "name_key": sp.name_key, "field": field}
