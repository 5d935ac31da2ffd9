"""The facts each shim in wizard/tui/compat.py relies on; a failure names the shim an upgrade broke."""

from __future__ import annotations

import inspect

from textual.app import App
from textual.drivers import linux_driver, web_driver
from textual.widgets import Footer
from textual_serve.app_service import AppService

from wizard.tui.compat import DECODER_NAME, PARSER_NAME, TerminalInput, lenient_decoder


def source(function: object) -> str:
    return inspect.getsource(function)  # type: ignore[arg-type]


def test_shim_lenient_input_the_drivers_look_up_their_decoder_and_parser_by_module_name() -> None:
    for module, driver in ((linux_driver, linux_driver.LinuxDriver), (web_driver, web_driver.WebDriver)):
        assert hasattr(module, DECODER_NAME) and hasattr(module, PARSER_NAME), module.__name__
        text = source(driver.run_input_thread)
        assert f"{DECODER_NAME}(" in text and f"{PARSER_NAME}(" in text, f'shim "lenient input": {module.__name__}'


def test_shim_lenient_input_drops_undecodable_bytes_and_keeps_the_rest() -> None:
    decode = lenient_decoder("utf-8")().decode
    assert decode(b"a\xffb\xc3(c\x9b") == "ab(c"
    keys = [getattr(event, "key", None) for event in TerminalInput().feed(b"\xffx\xc3\xa9")]
    assert keys == ["x", "é"]


def test_shim_kiosk_driver_the_linux_driver_installs_its_suspend_handlers_in_init() -> None:
    text = source(linux_driver.LinuxDriver.__init__)
    assert "SIGTSTP" in text and "SIGCONT" in text, 'shim "kiosk driver"'


def test_shim_footer_bindings_changed_and_bindings_ready_exist() -> None:
    assert callable(getattr(Footer, "bindings_changed", None)), 'shim "footer"'
    assert "_bindings_ready" in source(Footer), 'shim "footer"'
    assert "call_after_refresh(self.recompose)" in source(Footer.bindings_changed), 'shim "footer"'


def test_shim_guarded_app_exceptions_go_through_handle_exception_and_dispatch_message() -> None:
    assert callable(getattr(App, "_handle_exception", None)), 'shim "guarded app"'
    assert callable(getattr(App, "_dispatch_message", None)), 'shim "guarded app"'
    assert "_handle_exception" in source(App._process_messages_loop) or "_handle_exception" in source(App)


def test_shim_served_process_app_service_keeps_its_process_in_process() -> None:
    assert "self._process = process = await asyncio.create_subprocess_shell" in source(AppService._open_app_process), (
        'shim "served process"'
    )
