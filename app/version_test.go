package app

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionMatchesFyneAppToml keeps About's Version and the packaging
// metadata in step.
func TestVersionMatchesFyneAppToml(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var section, version string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = line
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if ok && section == "[Details]" && strings.TrimSpace(key) == "Version" {
			version = strings.Trim(strings.TrimSpace(val), `"`)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if version == "" {
		t.Fatal("FyneApp.toml has no [Details] Version")
	}
	if version != Version {
		t.Errorf("FyneApp.toml Version = %q, app.Version = %q", version, Version)
	}
}
