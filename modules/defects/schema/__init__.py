"""GraphQL of the defect reporter: public read and the reportDefect mutation.
Resolvers are thin; the logic is in services.
"""

from .mutations import DefectMutation
from .queries import DefectQuery

__all__ = ["DefectMutation", "DefectQuery"]
