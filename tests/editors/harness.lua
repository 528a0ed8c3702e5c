-- Neovim (0.7.2) as an LSP client of `nianbao serve`, headless:
--   nvim --headless -u NONE -i NONE -n -c 'luafile harness.lua'
-- Environment: NIANBAO_SERVER (server executable), NIANBAO_FILE (report to open),
-- NIANBAO_OUT (JSON written here), NIANBAO_TIMEOUT (seconds, default 20), NIANBAO_EDIT.
-- Writes every publishDiagnostics the client received and what vim.diagnostic holds
-- afterwards (0-based line, *byte* columns: Neovim's own units). Exits 0 only if the
-- server published diagnostics for the file before the timeout; 1 on a timeout or if the
-- server exits early, 2 on an error.
local server = assert(os.getenv("NIANBAO_SERVER"), "NIANBAO_SERVER not set")
local file = assert(os.getenv("NIANBAO_FILE"), "NIANBAO_FILE not set")
local out = assert(os.getenv("NIANBAO_OUT"), "NIANBAO_OUT not set")
local timeout = tonumber(os.getenv("NIANBAO_TIMEOUT") or "20") * 1000
-- NIANBAO_EDIT=1: once the first diagnostics are in, insert these at the start of line 9 and
-- as a new first line (test_editors.py makes the same edits to compute where things move)
local EDIT_IN_LINE, EDIT_NEW_LINE = "𠀀𠀀", "说明：𠀀"

local result = { editor = "neovim " .. tostring(vim.version().major) .. "." .. vim.version().minor
                 .. "." .. vim.version().patch, published = {}, diagnostics = {} }

local function finish(code)
  local f = io.open(vim.lsp.get_log_path(), "r")      -- server stderr is logged here
  if f then result.lsp_log = f:read("*a"); f:close() end
  f = assert(io.open(out, "w"))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd(code == 0 and "qall!" or ("cquit " .. code))
end

local function main()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  local default = vim.lsp.handlers["textDocument/publishDiagnostics"]
  local client_id = vim.lsp.start_client({
    name = "nianbao",
    cmd = { server, "serve" },
    root_dir = vim.fn.fnamemodify(file, ":p:h"),
    get_language_id = function() return "plaintext" end,  -- -u NONE: no filetype detection
    on_exit = function(code, signal) result.server_exit = { code = code, signal = signal } end,
    handlers = {
      -- keep the raw params, then let Neovim convert them as it always does
      ["textDocument/publishDiagnostics"] = function(err, params, ctx, config)
        table.insert(result.published, params)
        return default(err, params, ctx, config)
      end,
    },
  })
  if not client_id then result.error = "start_client failed"; return finish(2) end
  vim.lsp.buf_attach_client(buf, client_id)

  local function received()      -- also stop waiting when the server is gone
    for _, p in ipairs(result.published) do
      if p.uri == uri then return true end
    end
    return result.server_exit ~= nil
  end
  local ok = vim.wait(timeout, received, 50)
  if ok and os.getenv("NIANBAO_EDIT") == "1" then
    -- type into the buffer: Neovim sends the changes incrementally (the server asks for that),
    -- with ranges in its offset encoding; wait for the diagnostics of the last version
    vim.api.nvim_buf_set_text(buf, 8, 0, 8, 0, { EDIT_IN_LINE })
    vim.api.nvim_buf_set_lines(buf, 0, 0, false, { EDIT_NEW_LINE })
    local function current()
      local version = vim.lsp.util.buf_versions[buf]
      for _, p in ipairs(result.published) do
        if p.uri == uri and p.version == version then return true end
      end
      return result.server_exit ~= nil
    end
    ok = vim.wait(timeout, current, 50)
    result.edited = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
  end
  vim.wait(300, function() return false end)            -- let a second publish (if any) land
  local client = vim.lsp.get_client_by_id(client_id)
  result.offset_encoding = client and client.offset_encoding
  result.uri = uri
  for _, d in ipairs(vim.diagnostic.get(buf)) do       -- lnum/col 0-based, col in bytes
    table.insert(result.diagnostics, { code = d.code, lnum = d.lnum, col = d.col,
                                       end_lnum = d.end_lnum, end_col = d.end_col,
                                       severity = d.severity, message = d.message })
  end
  if result.server_exit then result.error = "server exited"; return finish(1) end
  if not ok then result.error = "timeout waiting for publishDiagnostics"; return finish(1) end
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  finish(0)
end

local ok, err = pcall(main)
if not ok then result.error = tostring(err); finish(2) end
