"""Swedish for the lead's part of issue 8 items 3-5: the shared models, triggers and the
meeting's transfer decision."""

SV = {
    "Joint assessment at eviction or power cut": (
        "Gemensam bedömning vid vräkning eller avstängning av el"
    ),
    "Joint preliminary assessment": "Gemensam förhandsbedömning",
    "joint visit or assessment": "gemensamt besök eller gemensam bedömning",
    "joint visits and assessments": "gemensamma besök och bedömningar",
    "Give an AUDIT score (0-40) only when AUDIT was used.": (
        "Ange AUDIT-poäng (0-40) bara när AUDIT har använts."
    ),
    "Give a DUDIT score (0-44) only when DUDIT was used.": (
        "Ange DUDIT-poäng (0-44) bara när DUDIT har använts."
    ),
    "Concern for a child noticed at an adult unit": "Uppkommen oro för barn vid vuxenenhet",
    "Addiction or risky use noticed in a case at the children's unit": (
        "Uppmärksammat beroende eller riskbruk i ett ärende vid barn- och ungdomsenheten"
    ),
    "Transfer the case to": "För över ärendet till",
    "Only for a decision to transfer the case (R18).": (
        "Bara vid beslut om att föra över ärendet (R18)."
    ),
    "Cost split waiting for your unit's agreement": (
        "Kostnadsfördelning väntar på din enhets godkännande"
    ),
}
