package action

import (
	"io"
	"strings"

	"github.com/subpolicy/subpolicy/internal/policy"
	"github.com/subpolicy/subpolicy/internal/report"
)

// writeSARIF writes the SARIF log when sarif-file is set: every finding of this run with the
// loaded rules, paths relative to the repository root, ready for
// github/codeql-action/upload-sarif.
func (r *run) writeSARIF(eng *policy.Engine, t *target, rep *report.Report) error {
	if r.in.audit.sarifFile == "" {
		return nil
	}
	opts := report.SARIFOptions{Version: r.env.Version, Rules: eng.Rules(), Revision: t.headSHA}
	if r.rv.repository != "" {
		opts.RepositoryURI = strings.TrimRight(r.rv.serverURL, "/") + "/" + r.rv.repository
	}
	if err := r.writeWorkspaceFile(r.in.audit.sarifFile, "SARIF report", func(w io.Writer) error { return report.WriteSARIF(w, rep, opts) }); err != nil {
		return err
	}
	r.log.printf("subpolicy: SARIF report written to %q (%s; upload it with github/codeql-action/upload-sarif)", r.in.audit.sarifFile, report.Plural(len(rep.Findings), "result"))
	if t.context.Mode != "audit" {
		r.log.printf("subpolicy: this SARIF report holds the findings of the pull request's changed files only; code scanning may read the other files' alerts as fixed, so upload SARIF from an audit (input %q: %q)",
			inputMode, modeAudit)
	}
	return nil
}
