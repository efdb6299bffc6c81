"""jacksonpd: open data on police transparency in Jackson, Mississippi.

>>> import jacksonpd
>>> pkg = jacksonpd.load()            # the package published with this version
>>> [s.text for s in pkg.statements if s.speaker_id == "anthony-moore"][:1]
"""

from .build import BuildResult, build
from .dataset import Dataset, load
from .errors import JacksonpdError, Problem
from .models import (
    Event,
    Figure,
    Incident,
    Mention,
    Organization,
    Person,
    Policy,
    Source,
    Statement,
)
from .validate import validate_package

__version__ = "0.1.0"

__all__ = [
    "BuildResult",
    "Dataset",
    "Event",
    "Figure",
    "Incident",
    "JacksonpdError",
    "Mention",
    "Organization",
    "Person",
    "Policy",
    "Problem",
    "Source",
    "Statement",
    "__version__",
    "build",
    "load",
    "validate_package",
]
