"""GraphQL of the housing exchange: search and read published listings, and the
landlord's and interested people's mutations. Resolvers are thin; the logic
is in services. Nothing here ever returns a landlord's or a sender's e-mail
address, a client hash or an exact address.
"""

from .mutations import HousingMutation
from .queries import HousingQuery

__all__ = ["HousingMutation", "HousingQuery"]
