package ceremony

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ErrInGitWorkTree is returned for a vault or key file inside a git work
// tree, where one `git add .` would publish it.
var ErrInGitWorkTree = errors.New("inside a git work tree")

// gitWorkTree returns the root of the git work tree containing path, or ""
// when there is none. It looks for a .git entry (directory or file, as in
// worktrees and submodules) in path and every parent, both along the path
// as written and along its real location: symlinks are resolved first, so
// a vault that is a symlink into a repository is found inside it.
func gitWorkTree(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	if root := gitRootAbove(abs); root != "" {
		return root
	}
	if real := resolveExisting(abs); real != abs {
		return gitRootAbove(real)
	}
	return ""
}

// gitRootAbove walks from dir up to the root looking for a .git entry.
func gitRootAbove(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// resolveExisting resolves the symlinks of the longest prefix of the
// absolute path abs that exists, and appends the rest (not yet created)
// unchanged.
func resolveExisting(abs string) string {
	rest := ""
	for dir := abs; ; {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return abs
		}
		rest = filepath.Join(filepath.Base(dir), rest)
		dir = parent
	}
}

func refuseGitWorkTree(path string) error {
	if root := gitWorkTree(path); root != "" {
		return fmt.Errorf("%s is %w at %s: secret keys must never be where a commit could pick them up; choose a vault outside any repository", path, ErrInGitWorkTree, root)
	}
	return nil
}

// CheckSecretKeyFile refuses a secret key file (or a backup of one) that
// is inside a git work tree, symlinks resolved: a key there is one `git add
// .` away from being published. what names the file in the error ("the
// witness key", "the backup").
func CheckSecretKeyFile(what, path string) error {
	if root := gitWorkTree(path); root != "" {
		return fmt.Errorf("%s %s is %w at %s: a secret key there could be committed and published; move it outside any repository (and if it was ever committed, treat the key as public)", what, path, ErrInGitWorkTree, root)
	}
	return nil
}

// ErrSecretInRepo is returned when a secret key's text appears in a
// package repository's files or history.
var ErrSecretInRepo = errors.New("a secret key appears in the package repository")

// checkRepoForSecrets searches repo's work tree and every commit reachable
// from any ref for each needle (the base64 line of a secret key file, and
// of the decrypted key). It needs git on PATH.
func checkRepoForSecrets(repo string, needles map[string]string) error {
	git, err := exec.LookPath("git")
	if err != nil {
		return fmt.Errorf("checking %s for leaked keys needs git: %w", repo, err)
	}
	for label, needle := range needles {
		// Files in the work tree, tracked or not (but not ignored).
		out, err := exec.Command(git, "-C", repo, "grep", "-l", "-F", "--untracked", "-e", needle).Output()
		if err == nil && len(bytes.TrimSpace(out)) > 0 {
			return fmt.Errorf("%w: %s is in %s (%s); remove it, then rotate the key (it must be treated as public)", ErrSecretInRepo, label, repo, strings.TrimSpace(string(out)))
		}
		out, err = exec.Command(git, "-C", repo, "log", "--all", "--format=%h %s", "-S", needle).Output()
		if err != nil {
			return fmt.Errorf("searching the history of %s: %w", repo, err)
		}
		if len(bytes.TrimSpace(out)) > 0 {
			return fmt.Errorf("%w: %s was committed to %s (%s); the key must be treated as public: rotate it", ErrSecretInRepo, label, repo, strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0]))
		}
	}
	return nil
}
